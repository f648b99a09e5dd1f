@GLB
Feature: Global recording defaults
  The global trigger is the account's overarching choice of when recording may start.
  "On Call Answered" records only once an employee answers, and lets the queue and individual
  settings decide. "On Call Connected" records from the moment the call reaches the system, in one
  of two modes, and ignores the queue and individual settings; only the exclusion list still applies.

  Background:
    Given the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @GLB-1
  Scenario: A new account starts On Call Answered, recording automatically with a prompt
    Given a new account
    Then its recording settings are:
      | Global Recording Defaults                       | On Call Answered                                                   |
      | Call Recording Defaults under On Call Connected | Automatically Record                                               |
      | Transfer to a Queue                             | Continue to follow call's original recording status after transfer |
      | Transfer to an Employee                         | Continue to follow call's original recording status after transfer |
      | Queue Call Recording Default                    | Automatically Record                                               |
      | Queue Call Recording Announcement               | Prompt employees to announce recording status                      |
      | Individual Inbound Call Recording Default       | Automatically Record                                               |
      | Individual Inbound Call Recording Announcement  | Prompt employees to announce recording status                      |
      | Individual Outbound Call Recording Default      | Automatically Record                                               |
      | Individual Outbound Call Recording Announcement | Prompt employees to announce recording status                      |
    And its exclusion list is empty

  @GLB-1 @GLB-2 @QUE-1 @MOD-2 @ANN-1
  Scenario: On a new account, a queue call is recorded from the answer and the agent is prompted
    Given a new account
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is recording
    And the agent can stop and pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1"

  @GLB-2 @QUE-1 @MOD-1
  Scenario: On Call Answered, nothing is recorded while the call waits for an employee
    Given the global trigger is "On Call Answered"
    And the queue default is "Always Record"
    When a customer calls the queue "Billing"
    Then the call is not recording
    And the agent has no control over the recording
    And the agent is not prompted to announce the recording
    And the decision names the rule "GLB-2"
    When "Alice" answers
    Then the call is recording
    And the decision names the rules "GLB-2, QUE-1, MOD-1, ANN-1"

  @GLB-2 @IND-1 @MOD-3 @ANN-2
  Scenario: On Call Answered, a direct-line call follows the settings of the employee
    Given the global trigger is "On Call Answered"
    And the individual inbound default is "Manually Record" with "Never announce recording status"
    When a customer calls the direct line of "Alice"
    Then the call is not recording
    And the decision names the rule "GLB-2"
    When "Alice" answers
    Then the call is not recording
    And the agent can start the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, IND-1, MOD-3, ANN-2"

  @GLB-2 @invalid
  Scenario: An answer before the call connects is refused
    Given a customer is dialling the queue "Billing"
    When "Alice" answers
    Then the simulator refuses the call: 'the first event is "connected", not "answered"'

  @GLB-3 @GLB-6 @QUE-3 @MOD-2
  Scenario: On Call Connected, the call is recorded from the moment it connects, whatever the queue says
    Given the global trigger is "On Call Connected" with "Automatically Record"
    And the queue "Billing" has custom settings "Never Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    Then the call is recording
    And the agent has no control over the recording
    And the decision names the rules "GLB-3, GLB-6, MOD-2"
    When "Alice" answers
    Then the call is recording
    And the agent can stop and pause the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-3, GLB-6, MOD-2"

  @GLB-3 @GLB-6 @MOD-1
  Scenario Outline: On Call Connected ignores the individual settings too
    Given the global trigger is "On Call Connected" with "Always Record"
    And the employee "Alice" has custom inbound settings "Never Record" with "Never announce recording status"
    And the employee "Alice" has custom outbound settings "Never Record" with "Never announce recording status"
    When <call>
    Then the call is recording
    And the decision names the rules "GLB-3, GLB-6, MOD-1"

    Examples:
      | call                                        |
      | a customer calls the direct line of "Alice" |
      | "Alice" calls a customer                    |
      | "Alice" clicks to call a customer           |

  @GLB-3 @QUE-3 @MOD-4 @ANN-2
  Scenario: Switching back to On Call Answered restores the queue settings unchanged
    Given the global trigger is "On Call Connected" with "Always Record"
    And the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is recording
    When the admin switches the global trigger to "On Call Answered"
    And a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is not recording
    And the decision names the rules "GLB-2, QUE-3, MOD-4, ANN-2"

  @GLB-3
  Scenario: Switching to On Call Connected and back leaves every other setting as it was
    Given the queue "Billing" has custom settings "Manually Record" with "Never announce recording status"
    And the employee "Bob" has custom inbound settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And the admin switches the global trigger to "On Call Connected"
    And a customer calls the queue "Billing"
    Then the call is decided with another settings version than the call before
    When the admin switches the global trigger to "On Call Answered"
    And a customer calls the queue "Billing"
    Then the call is decided with the same settings version as the first call

  @settings-version
  Scenario: Every decision names the version of the settings it used, which changes only when the settings do
    Given "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing"
    And the admin adds "212.555.0123" to the exclusion list
    And a customer calls the queue "Billing"
    Then the call is decided with the same settings version as the call before
    When the admin changes the queue default to "Never Record"
    And a customer calls the queue "Billing"
    Then the call is decided with another settings version than the call before

  @GLB-4 @EXC-2 @EXC-3 @GLB-3 @GLB-6 @MOD-1
  Scenario: On Call Connected, an excluded customer is still not recorded
    Given the global trigger is "On Call Connected" with "Always Record"
    And "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    Then the call is not recording
    And the decision names the rules "EXC-2, GLB-4, GLB-3, GLB-6, MOD-1"
    When "Alice" answers
    And the agent tries to start the recording
    Then it is refused by "EXC-2"

  @GLB-4 @VA-1 @EXC-4
  Scenario: On Call Connected, a Virtual Agent call from an excluded number is still recorded
    Given the global trigger is "On Call Connected" with "Automatically Record"
    And "212" is on the exclusion list
    When a customer calls the Virtual Agent from "(212) 555-0123"
    Then the call is recording
    And the decision names the rules "VA-1, EXC-4, GLB-3, GLB-6, MOD-2"

  @GLB-4 @FWD-1 @GLB-6 @MOD-2
  Scenario: On Call Connected, a forwarded call is recorded even after the agent stopped the recording
    Given the global trigger is "On Call Connected" with "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    Then the call is not recording
    When the agent forwards the call to "(718) 555-0111"
    Then the call is recording
    And the agent can only pause the recording
    And the decision names the rules "FWD-1, GLB-3, GLB-6, MOD-2"

  @GLB-5 @api
  Scenario: Switching to On Call Connected needs an explicit confirmation
    Given an account recording "On Call Answered"
    When its admin switches to "On Call Connected" without confirming the switch
    Then the switch is refused and the account still records "On Call Answered"
    When its admin switches to "On Call Connected" and confirms "Switch to On Call Connected"
    Then the account records "On Call Connected"

  @GLB-6 @MOD-1
  Scenario: Connect mode "Always Record": the agent cannot stop the recording
    Given the global trigger is "On Call Connected" with "Always Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the agent can only pause the recording
    When the agent tries to stop the recording
    Then it is refused by "GLB-6"
    And the call is recording

  @GLB-6 @MOD-2
  Scenario: Connect mode "Automatically Record": the agent can stop the recording and start it again
    Given the global trigger is "On Call Connected" with "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    Then the call is not recording
    And the agent can start the recording
    When the agent starts the recording again
    Then the call is recording

  @GLB-6 @invalid
  Scenario: On Call Connected offers only "Always Record" and "Automatically Record"
    Given the global trigger is "On Call Connected" with "Manually Record"
    When a customer calls the queue "Billing"
    Then the simulator refuses the call: '"manual" is not one of always, automatic'

@ANN
Feature: Recording announcements
  "Prompt employees to announce recording status": the system announces nothing, but when the agent
  hovers over the record button a tooltip warns that a recording announcement may be legally
  required. "Never announce recording status": no announcement and no prompt. Neither changes the
  announcements that call workflows make.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @ANN-1 @QUE-1 @MOD-2
  Scenario: "Prompt employees to announce recording status" shows the agent the announcement tooltip
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the agent is prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1"

  @ANN-2 @QUE-1 @MOD-2
  Scenario: "Never announce recording status": no prompt
    Given the queue default is "Automatically Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-2"

  @ANN-1
  Scenario Outline: The prompt shows while the call is recorded or the agent may record it
    Given the queue default is <mode> with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the agent <is prompted> to announce the recording

    Examples:
      | mode                   | is prompted     |
      | "Always Record"        | is prompted     |
      | "Automatically Record" | is prompted     |
      | "Manually Record"      | is prompted     |
      | "Never Record"         | is not prompted |

  @ANN-1 @MOD-2
  Scenario: The prompt stays after the agent stops the recording, since the agent may start it again
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    Then the agent is prompted to announce the recording

  @ANN-1 @GLB-2
  Scenario: Nobody is prompted while the call waits for an employee
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    Then the agent is not prompted to announce the recording

  @ANN-1 @GLB-3
  Scenario: Under On Call Connected no announcement setting applies, so there is no prompt
    Given the global trigger is "On Call Connected" with "Automatically Record"
    And the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is recording
    And the agent is not prompted to announce the recording

  @ANN-1 @EXC-2
  Scenario: An excluded call cannot be recorded, so there is no prompt
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    And "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    Then the agent is not prompted to announce the recording

  @ANN-1 @ANN-2 @IND-1 @IND-2
  Scenario: Direct-line and outbound calls take the employee's announcement setting of their direction
    Given the individual inbound default is "Automatically Record" with "Prompt employees to announce recording status"
    And the individual outbound default is "Automatically Record" with "Never announce recording status"
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the agent is prompted to announce the recording
    When "Alice" calls a customer
    Then the agent is not prompted to announce the recording

  @ANN-3
  Scenario Outline: The announcement setting only prompts the agent; it never silences a workflow's announcement
    Given the queue default is "Automatically Record" with <announcement>
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the decision says only whether the agent is prompted, and nothing about the workflow's announcements

    Examples:
      | announcement                                    |
      | "Prompt employees to announce recording status" |
      | "Never announce recording status"               |

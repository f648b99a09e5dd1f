@IND
Feature: Individual recording defaults
  Under On Call Answered, calls to an employee's direct line follow the employee's inbound settings,
  and the calls an employee makes through the contact center (keypad dialling included) follow the
  outbound ones: the employee's custom settings, else the individual defaults. Click-to-call calls
  are not governed by the inbound settings: they are the employee calling a customer.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @IND-1 @MOD-3 @ANN-2
  Scenario: A direct-line call follows the individual inbound default
    Given the individual inbound default is "Manually Record" with "Never announce recording status"
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is not recording
    And the agent can start the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, IND-1, MOD-3, ANN-2"

  @IND-1 @MOD-1 @ANN-1
  Scenario: An employee's custom inbound settings override the default
    Given the individual inbound default is "Never Record" with "Never announce recording status"
    And the employee "Bob" has custom inbound settings "Always Record" with "Prompt employees to announce recording status"
    When a customer calls the direct line of "Bob"
    And "Bob" answers
    Then the call is recording
    And the agent can only pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "GLB-2, IND-1, MOD-1, ANN-1"

  @IND-1 @invalid
  Scenario: Only the owner of a direct line answers it
    When a customer calls the direct line of "Alice"
    And "Bob" answers
    Then the simulator refuses the call: '"answered": only "Alice" can answer, the call rings that employee'

  @IND-2 @MOD-1 @ANN-2
  Scenario Outline: Outbound calls follow the employee's outbound settings, keypad dialling included
    Given the individual inbound default is "Never Record" with "Prompt employees to announce recording status"
    And the individual outbound default is "Always Record" with "Never announce recording status"
    When <the call>
    Then the call is recording
    And the agent can only pause the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, IND-2, MOD-1, ANN-2"

    Examples:
      | the call                               |
      | "Alice" calls a customer               |
      | "Alice" dials a customer on the keypad |

  @IND-2 @MOD-3 @ANN-1
  Scenario: An employee's custom outbound settings override the default
    Given the individual outbound default is "Always Record" with "Never announce recording status"
    And the employee "Bob" has custom outbound settings "Manually Record" with "Prompt employees to announce recording status"
    When "Bob" calls the customer "(310) 555-0142"
    Then the call is not recording
    And the agent can start the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "GLB-2, IND-2, MOD-3, ANN-1"

  @IND-2 @invalid
  Scenario: A call an employee places is not answered: the employee is on the line from the start
    When "Alice" calls a customer
    And "Bob" answers
    Then the simulator refuses the call: '"answered" needs a waiting call, but "Alice" is on the line'

  @IND-3 @IND-2 @MOD-2 @ANN-1 @PAY-1
  Scenario: A click-to-call call follows the employee's outbound settings, not the inbound ones
    Given the individual inbound default is "Never Record" with "Never announce recording status"
    And the individual outbound default is "Automatically Record" with "Prompt employees to announce recording status"
    When "Alice" clicks to call a customer
    Then the call is recording
    And the agent can stop and pause the recording
    And the agent is prompted to announce the recording
    And the call can be paused automatically for payments
    And the decision names the rules "GLB-2, IND-3, IND-2, MOD-2, ANN-1"

  @IND-3 @MOD-4
  Scenario: A click-to-call call follows the employee's custom outbound settings
    Given the employee "Bob" has custom outbound settings "Never Record" with "Never announce recording status"
    When "Bob" clicks to call a customer
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "GLB-2, IND-3, IND-2, MOD-4, ANN-2"

  @IND-4 @IND-1
  Scenario: A change of an individual default applies at once to the employees following it; custom settings stay
    Given the individual inbound default is "Automatically Record" with "Prompt employees to announce recording status"
    And the employee "Bob" has custom inbound settings "Manually Record" with "Prompt employees to announce recording status"
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is recording
    When the admin changes the individual inbound default to "Never Record" with "Never announce recording status"
    And a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is not recording
    And the decision names the rules "GLB-2, IND-1, MOD-4, ANN-2"
    When a customer calls the direct line of "Bob"
    And "Bob" answers
    Then the call is not recording
    And the agent can start the recording
    And the decision names the rules "GLB-2, IND-1, MOD-3, ANN-1"

  @IND-4 @IND-2
  Scenario: A change of the outbound default applies at once to the employees following it
    Given the individual outbound default is "Automatically Record"
    And the employee "Bob" has custom outbound settings "Always Record" with "Prompt employees to announce recording status"
    When the admin changes the individual outbound default to "Never Record"
    And "Alice" calls a customer
    Then the call is not recording
    When "Bob" calls a customer
    Then the call is recording
    And the decision names the rules "GLB-2, IND-2, MOD-1, ANN-1"

  @IND-1 @invalid
  Scenario: Every employee has a real direct line
    Given the employee "Alice" has the direct line "555-01"
    When a customer calls the direct line of "Alice"
    Then the simulator refuses the call: '"555-01" is not a phone number: too short'

  @IND-1 @invalid
  Scenario: A call to an employee the account does not have is refused
    When a customer calls the direct line of "Carol"
    Then the simulator refuses the call: 'unknown employee "Carol"'

  @IND-4 @api
  Scenario: Reset to Default makes an employee follow the individual defaults again
    Given an account whose employee "Bob" has custom recording settings
    When its admin clicks Reset to Default in the profile of "Bob"
    Then "Bob" is no longer listed among the employees with custom settings
    And the recording settings of "Bob" read like the individual defaults

  @IND-4 @api
  Scenario: The individual defaults screen lists every employee with custom settings
    Given an account whose employees "Bob" and "Carol" have custom recording settings
    When its admin opens the Individual Recording Defaults
    Then Employees with Custom Settings lists "Bob" and "Carol" with their inbound and outbound settings
    And it does not list "Alice"

@VA
Feature: Virtual Agent calls
  Virtual Agent calls are always recorded, even if their numbers are on the exclusion list: from the
  moment they connect to the end, including after the Virtual Agent hands them to a person.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @VA-1
  Scenario: A Virtual Agent call is recorded from the moment it connects
    When a customer calls the Virtual Agent
    Then the call is recording
    And the agent has no control over the recording
    And the agent is not prompted to announce the recording
    And the decision names the rule "VA-1"

  @VA-1 @EXC-4 @EXC-2
  Scenario Outline: A Virtual Agent call is recorded even when its number is excluded
    Given <entry> is on the exclusion list
    When a customer calls the Virtual Agent from "(212) 555-0123"
    Then the call is recording
    And the decision names the rules "VA-1, EXC-4"

    Examples:
      | entry            |
      | "(212) 555-0123" |
      | "212*"           |

  @VA-1 @EXC-4 @QUE-3 @MOD-4 @ANN-2 @MOD-5
  Scenario: After the hand-off the call is still recorded, and the person who answers cannot stop it
    Given the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    And "(212) 555-0123" is on the exclusion list
    When a customer calls the Virtual Agent from "(212) 555-0123"
    And the Virtual Agent hands the call to the queue "Billing"
    Then the call is recording
    And the decision names the rules "VA-1, EXC-4"
    When "Alice" answers
    Then the call is recording
    And the agent can only pause the recording
    And the decision names the rules "VA-1, EXC-4, GLB-2, QUE-3, MOD-4, ANN-2"
    When the agent tries to stop the recording
    Then it is refused by "VA-1"
    When the agent pauses the recording
    Then the recording is paused

  @VA-1 @TRF-6 @TRF-2 @QUE-3
  Scenario: A Virtual Agent call stays recorded when transferred to a queue that never records
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the Virtual Agent
    And the Virtual Agent hands the call to the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    Then the call is recording
    And the decision names the rules "TRF-2, TRF-6, VA-1"
    When "Bob" answers
    Then the call is recording
    And the decision names the rules "VA-1, TRF-2, GLB-2, QUE-3, MOD-4, ANN-2"

  @VA-1 @invalid
  Scenario: A person answers a Virtual Agent call only after its hand-off
    When a customer calls the Virtual Agent
    And "Alice" answers
    Then the simulator refuses the call: '"answered": a Virtual Agent call is answered only after its hand-off to a queue'

  @VA-1 @invalid
  Scenario: The Virtual Agent hands its calls to a queue first
    When a customer calls the Virtual Agent
    And the Virtual Agent hands the call to "Alice"
    Then the simulator refuses the call: '"transferred": a Virtual Agent call is handed off to a queue first'

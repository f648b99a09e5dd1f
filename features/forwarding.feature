@FWD
Feature: Forwarding to an external number
  All calls forwarded to an external number are recorded from the forward on, whatever the
  settings, and the agent cannot stop the recording. This holds even for a number on the exclusion
  list. The employee stays on the line (a three-way call).

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @FWD-1 @QUE-3 @MOD-4 @ANN-2
  Scenario: A forwarded call is recorded, even from a queue that never records
    Given the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is not recording
    When the agent forwards the call to "(718) 555-0111"
    Then the call is recording
    And the agent can only pause the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "FWD-1, GLB-2, QUE-3, MOD-4, ANN-2"

  @FWD-1 @MOD-2
  Scenario: The agent cannot stop the recording of a forwarded call
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    And the agent tries to stop the recording
    Then it is refused by "FWD-1"
    And the call is recording

  @FWD-1 @MOD-2
  Scenario: A call the agent had stopped is recorded again once forwarded
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    And the agent forwards the call to "(718) 555-0111"
    Then the call is recording

  @FWD-1 @EXC-4 @EXC-2
  Scenario: Forwarding beats the exclusion list
    Given "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    Then the call is not recording
    When the agent forwards the call to "(718) 555-0111"
    Then the call is recording
    And the decision names the rules "FWD-1, EXC-4, GLB-2, QUE-1, MOD-2, ANN-1"

  @FWD-1 @EXC-4 @EXC-5 @IND-1
  Scenario: Forwarding beats a listed direct line
    Given the direct line of "Alice" is on the exclusion list
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is not recording
    When the agent forwards the call to "(718) 555-0111"
    Then the call is recording
    And the decision names the rules "FWD-1, EXC-4, GLB-2, IND-1, MOD-2, ANN-1"

  @FWD-1 @MOD-5
  Scenario: Forwarding lifts the agent's pause
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent forwards the call to "(718) 555-0111"
    Then the call is recording

  @FWD-1 @MOD-5
  Scenario: The agent may still pause and resume a forwarded call
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    And the agent pauses the recording
    Then the recording is paused
    And the agent can only resume the recording
    When the agent resumes the recording
    Then the call is recording

  @FWD-1 @invalid
  Scenario: Nothing routes a call after its forward
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    And the agent transfers the call to the queue "Sales"
    Then the simulator refuses the call: '"transferred": no routing event follows "forwarded"'

  @FWD-1 @invalid
  Scenario: A call is forwarded once
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    And the agent forwards the call to "(718) 555-0112"
    Then the simulator refuses the call: '"forwarded": a call is forwarded once'

  @FWD-1 @invalid
  Scenario: A call is forwarded to a real number
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent forwards the call to "555-01"
    Then the simulator refuses the call: '"555-01" is not a phone number: too short'

  @FWD-1 @api @console
  Scenario: The console shows forwarding as a fixed line of the global defaults
    Given an admin with the permission "Edit Call Recording Settings"
    When they open the Global Recording Defaults
    Then the Forward Recording Settings section reads "All calls forwarded to external numbers will be recorded."
    And that line cannot be edited

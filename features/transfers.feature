@TRF
Feature: Transfers
  Under On Call Answered, each kind of transfer has its rule. "Continue to follow call's original
  recording status after transfer" carries the call's mode, announcement and recording state (a
  pause included) to the destination. "Change to recording settings of the transfer destination"
  stops the recording at the transfer and lets the destination's settings decide when it answers.
  Under On Call Connected, transfers change nothing.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @TRF-1 @QUE-3 @MOD-1
  Scenario: Keep original: a recorded call stays recorded in a queue that never records
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    And the queue "Billing" has custom settings "Always Record" with "Prompt employees to announce recording status"
    And the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    Then the call is recording
    And the agent has no control over the recording
    And the decision names the rules "TRF-1, GLB-2, QUE-3, MOD-1, ANN-1"
    When "Bob" answers
    Then the call is recording
    And the agent can only pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "TRF-1, GLB-2, QUE-3, MOD-1, ANN-1"

  @TRF-1 @MOD-5
  Scenario: Keep original: a paused recording is still paused when the destination answers
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent transfers the call to the queue "Sales"
    Then the recording is paused
    When "Bob" answers
    Then the recording is paused
    And the agent can stop and resume the recording

  @TRF-1 @MOD-2
  Scenario: Keep original: a recording the agent stopped stays off in a queue that always records
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    And the queue "Sales" has custom settings "Always Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    Then the call is not recording
    And the agent can start the recording
    And the decision names the rules "TRF-1, GLB-2, QUE-1, MOD-2, ANN-1"

  @TRF-2 @QUE-3
  Scenario Outline: Use destination: the destination queue's settings take over when it answers
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings <mode> with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    Then the call is not recording
    And the agent has no control over the recording
    And the decision names the rules "TRF-2, GLB-2"
    When "Bob" answers
    Then the call is <state>
    And the agent can <controls> the recording
    And the decision names the rules "TRF-2, GLB-2, QUE-3, <rule>, ANN-1"

    @MOD-1
    Examples:
      | mode            | state     | controls   | rule  |
      | "Always Record" | recording | only pause | MOD-1 |

    @MOD-2
    Examples:
      | mode                   | state     | controls       | rule  |
      | "Automatically Record" | recording | stop and pause | MOD-2 |

    @MOD-3
    Examples:
      | mode              | state         | controls | rule  |
      | "Manually Record" | not recording | start    | MOD-3 |

    @MOD-4
    Examples:
      | mode           | state         | controls        | rule  |
      | "Never Record" | not recording | do nothing with | MOD-4 |

  @TRF-2 @QUE-3 @MOD-4
  Scenario: Use destination: in a queue that never records, the new agent cannot start a recording
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    And the agent tries to start the recording
    Then it is refused by "MOD-4"

  @TRF-2 @MOD-5
  Scenario: Use destination: a pause is dropped at the transfer, and the destination starts afresh
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent transfers the call to the queue "Sales"
    Then the call is not recording
    When "Bob" answers
    Then the call is recording
    And the agent can stop and pause the recording

  @TRF-3 @QUE-1 @MOD-1
  Scenario: Keep original: a call transferred to an employee keeps its settings
    Given "Transfer to an Employee" is set to "Continue to follow call's original recording status after transfer"
    And the queue default is "Always Record" with "Prompt employees to announce recording status"
    And the employee "Bob" has custom inbound settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to "Bob"
    And "Bob" answers
    Then the call is recording
    And the agent can only pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "TRF-3, GLB-2, QUE-1, MOD-1, ANN-1"

  @TRF-3 @MOD-5
  Scenario: Keep original: a paused recording stays paused when a colleague takes the call
    Given "Transfer to an Employee" is set to "Continue to follow call's original recording status after transfer"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent transfers the call to "Bob"
    And "Bob" answers
    Then the recording is paused

  @TRF-4 @IND-1 @MOD-1
  Scenario: Use destination: the employee's inbound settings take over when they answer, not the outbound ones
    Given "Transfer to an Employee" is set to "Change to recording settings of the transfer destination"
    And the queue default is "Never Record" with "Never announce recording status"
    And the employee "Bob" has custom inbound settings "Always Record" with "Prompt employees to announce recording status"
    And the employee "Bob" has custom outbound settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to "Bob"
    Then the call is not recording
    When "Bob" answers
    Then the call is recording
    And the agent can only pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "TRF-4, GLB-2, IND-1, MOD-1, ANN-1"

  @TRF-4 @IND-1 @IND-2 @MOD-3
  Scenario: Use destination: an outbound call transferred to a colleague takes the colleague's inbound settings
    Given "Transfer to an Employee" is set to "Change to recording settings of the transfer destination"
    And the individual outbound default is "Always Record"
    And the individual inbound default is "Manually Record" with "Never announce recording status"
    When "Alice" calls a customer
    Then the call is recording
    When the agent transfers the call to "Bob"
    And "Bob" answers
    Then the call is not recording
    And the agent can start the recording
    And the decision names the rules "TRF-4, GLB-2, IND-1, MOD-3, ANN-2"

  @TRF-5 @GLB-3 @MOD-5
  Scenario: Under On Call Connected, transfers change nothing
    Given the global trigger is "On Call Connected" with "Automatically Record"
    And "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent transfers the call to the queue "Sales"
    Then the recording is paused
    And the decision names the rules "TRF-5, GLB-3, GLB-6, MOD-2"
    When "Bob" answers
    Then the recording is paused
    And the agent can stop and resume the recording
    And the decision names the rules "GLB-3, GLB-6, MOD-2"

  @TRF-6 @TRF-2 @EXC-2 @QUE-3 @MOD-1
  Scenario: An excluded customer stays unrecorded whatever the destination
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings "Always Record" with "Prompt employees to announce recording status"
    And "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    Then the call is not recording
    And the decision names the rules "TRF-2, TRF-6, EXC-2"
    When "Bob" answers
    Then the call is not recording
    And the decision names the rules "EXC-2, TRF-2, GLB-2, QUE-3, MOD-1, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "EXC-2"

  @TRF-3 @invalid
  Scenario: A call is not transferred to the employee already on it
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to "Alice"
    Then the simulator refuses the call: '"transferred": "Alice" is already on the line'

  @TRF-4 @invalid
  Scenario: After a transfer to an employee, only that employee answers
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to "Bob"
    And "Alice" answers
    Then the simulator refuses the call: '"answered": only "Bob" can answer, the call rings that employee'

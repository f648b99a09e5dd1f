@PAY
Feature: Payments
  When an agent opens the Charge Credit Card screen during a recorded call linked to a customer
  account, the recording pauses automatically and resumes when the screen closes, so card details
  stay off the recording. Calls without a linked customer account (calls to an employee's direct
  line, outbound calls dialled on the keypad) cannot be auto-paused: the agent must pause manually.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @PAY-1 @QUE-1 @MOD-2
  Scenario: The Charge Credit Card screen pauses the recording, and closing it resumes the recording
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call can be paused automatically for payments
    When the agent opens the Charge Credit Card screen
    Then the recording is paused
    And the agent can only stop the recording
    And the decision names the rules "PAY-1, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent closes the Charge Credit Card screen
    Then the call is recording
    And the agent can stop and pause the recording
    And the decision names the rules "PAY-1, GLB-2, QUE-1, MOD-2, ANN-1"

  @PAY-1
  Scenario: While the screen is open the agent cannot resume the recording
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    And the agent tries to resume the recording
    Then it is refused by "PAY-1"
    And the recording is paused

  @PAY-1 @MOD-1
  Scenario: Under "Always Record" the screen pauses the recording too, and the agent still cannot stop it
    Given the queue default is "Always Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    Then the recording is paused
    And the agent has no control over the recording
    When the agent tries to stop the recording
    Then it is refused by "MOD-1"

  @PAY-1 @MOD-5
  Scenario: A recording the agent paused before opening the screen stays paused when it closes
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent opens the Charge Credit Card screen
    Then the recording is paused
    When the agent closes the Charge Credit Card screen
    Then the recording is paused
    And the agent can stop and resume the recording

  @PAY-1 @MOD-5
  Scenario: Pausing while the screen holds the pause changes nothing, and closing the screen resumes
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    And the agent tries to pause the recording
    Then nothing changes
    When the agent closes the Charge Credit Card screen
    Then the call is recording

  @PAY-1 @MOD-2
  Scenario: A recording the agent stops while the screen is open does not come back when it closes
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    And the agent stops the recording
    Then the call is not recording
    When the agent closes the Charge Credit Card screen
    Then the call is not recording
    And the agent can start the recording

  @PAY-1 @MOD-3
  Scenario: A call that is not recording is not affected, and no recording starts while the screen is open
    Given the queue default is "Manually Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "PAY-1"
    When the agent closes the Charge Credit Card screen
    Then the call is not recording
    And the agent can start the recording

  @PAY-1 @IND-1
  Scenario: A direct-line call linked to a customer account is paused automatically too
    Given the call is linked to a customer account
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call can be paused automatically for payments
    When the agent opens the Charge Credit Card screen
    Then the recording is paused

  @PAY-2 @IND-1 @MOD-2
  Scenario: A call to an employee's direct line cannot be auto-paused
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is recording
    And the agent is told to pause the recording manually for payments
    When the agent opens the Charge Credit Card screen
    Then the call is recording
    And the decision names the rules "PAY-2, GLB-2, IND-1, MOD-2, ANN-1"

  @PAY-2 @IND-2 @MOD-2
  Scenario: An outbound call dialled on the keypad cannot be auto-paused
    When "Alice" dials a customer on the keypad
    Then the agent is told to pause the recording manually for payments
    When the agent opens the Charge Credit Card screen
    Then the call is recording
    And the decision names the rules "PAY-2, GLB-2, IND-2, MOD-2, ANN-1"

  @PAY-2 @MOD-5
  Scenario: Without a linked account, the agent pauses by hand before taking card details
    When "Alice" dials a customer on the keypad
    And the agent pauses the recording
    And the agent opens the Charge Credit Card screen
    Then the recording is paused
    And the agent can stop and resume the recording
    When the agent closes the Charge Credit Card screen
    Then the recording is paused
    When the agent resumes the recording
    Then the call is recording

  @PAY-2 @QUE-1
  Scenario: A queue call not linked to a customer account cannot be auto-paused either
    Given the call is not linked to a customer account
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the agent is told to pause the recording manually for payments
    When the agent opens the Charge Credit Card screen
    Then the call is recording

  @PAY-1 @IND-2
  Scenario Outline: Calls an employee places from a customer's record can be auto-paused
    When <the call>
    Then the call can be paused automatically for payments
    When the agent opens the Charge Credit Card screen
    Then the recording is paused

    Examples:
      | the call                 |
      | "Alice" calls a customer |

    @IND-3
    Examples:
      | the call                          |
      | "Alice" clicks to call a customer |

  @PAY-1 @invalid
  Scenario: A call is not transferred while the payment screen is open
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    And the agent transfers the call to the queue "Sales"
    Then the simulator refuses the call: '"transferred": a call is not transferred while the payment screen is open'

  @PAY-1 @FWD-1 @invalid
  Scenario: A call is not forwarded while the payment screen is open
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    And the agent forwards the call to "(718) 555-0111"
    Then the simulator refuses the call: '"forwarded": a call is not forwarded while the payment screen is open'

  @PAY-1 @invalid
  Scenario: The payment screen needs an employee on the line
    When a customer calls the queue "Billing"
    And the agent opens the Charge Credit Card screen
    Then the simulator refuses the call: '"payment-screen": no employee is on the line'

@MOD
Feature: Recording modes
  Every queue default, custom queue and employee setting names one of four recording modes. The mode
  decides whether the recording starts by itself when the employee answers, and whether the agent
  may start or stop it. Pausing is not stopping: a running recording can be paused in every mode.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  Scenario Outline: The mode decides how a call starts and what the agent may do
    Given the queue default is <mode> with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is <state>
    And the agent can <controls> the recording
    And the decision names the rules "GLB-2, QUE-1, <rule>, ANN-1"

    @MOD-1
    Examples: Always Record
      | mode            | state     | controls   | rule  |
      | "Always Record" | recording | only pause | MOD-1 |

    @MOD-2
    Examples: Automatically Record
      | mode                   | state     | controls       | rule  |
      | "Automatically Record" | recording | stop and pause | MOD-2 |

    @MOD-3
    Examples: Manually Record
      | mode              | state         | controls | rule  |
      | "Manually Record" | not recording | start    | MOD-3 |

    @MOD-4
    Examples: Never Record
      | mode           | state         | controls        | rule  |
      | "Never Record" | not recording | do nothing with | MOD-4 |

  @MOD-1
  Scenario: "Always Record": the agent cannot stop the recording
    Given the queue default is "Always Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent tries to stop the recording
    Then it is refused by "MOD-1"
    And the call is recording
    And the decision names the rules "MOD-1, GLB-2, QUE-1, ANN-1"

  @MOD-1 @IND-2
  Scenario: "Always Record" starts an outbound call's recording as soon as the customer picks up
    Given the individual outbound default is "Always Record"
    When "Alice" calls a customer
    Then the call is recording
    And the agent can only pause the recording
    And the decision names the rules "GLB-2, IND-2, MOD-1, ANN-1"

  @MOD-2
  Scenario: "Automatically Record": the agent may stop the recording and start it again
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent stops the recording
    Then the call is not recording
    And the agent can start the recording
    And it is not refused
    When the agent starts the recording again
    Then the call is recording
    And the agent can stop and pause the recording

  @MOD-3
  Scenario: "Manually Record": nothing is recorded until the agent starts it, and the agent may stop it
    Given the queue default is "Manually Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is not recording
    When the agent starts the recording
    Then the call is recording
    And the agent can stop and pause the recording
    When the agent stops the recording
    Then the call is not recording
    And the agent can start the recording

  @MOD-4
  Scenario: "Never Record": the agent cannot start a recording
    Given the queue default is "Never Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent tries to start the recording
    Then it is refused by "MOD-4"
    And the call is not recording
    And the decision names the rules "MOD-4, GLB-2, QUE-1, ANN-1"

  @MOD-5
  Scenario Outline: Pausing is not stopping: the agent may pause and resume in every mode
    Given the queue default is <mode>
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    Then the recording is paused
    And the agent can <while paused> the recording
    And the decision names the rules "MOD-5, GLB-2, QUE-1, <rule>, ANN-1"
    When the agent resumes the recording
    Then the call is recording
    And the decision names the rules "MOD-5, GLB-2, QUE-1, <rule>, ANN-1"

    @MOD-1
    Examples: even when the agent cannot stop it
      | mode            | while paused | rule  |
      | "Always Record" | only resume  | MOD-1 |

    @MOD-2
    Examples:
      | mode                   | while paused    | rule  |
      | "Automatically Record" | stop and resume | MOD-2 |

  @MOD-5 @MOD-3
  Scenario: A recording the agent started by hand can be paused and resumed too
    Given the queue default is "Manually Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent starts the recording
    And the agent pauses the recording
    Then the recording is paused
    And the agent can stop and resume the recording
    When the agent resumes the recording
    Then the call is recording

  @MOD-5 @MOD-2
  Scenario: Stopping a paused recording ends it
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent stops the recording
    Then the call is not recording
    And the agent can start the recording

  @MOD-5 @MOD-3
  Scenario: Pausing a call that is not recording changes nothing
    Given the queue default is "Manually Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent tries to pause the recording
    Then nothing changes
    And the call is not recording

  @MOD-5 @MOD-2
  Scenario: Starting a paused recording changes nothing: the agent resumes it
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And the agent tries to start the recording
    Then nothing changes
    And the recording is paused

  @MOD-2
  Scenario Outline: An action that would change nothing is not refused
    Given the queue default is "Automatically Record"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And <action>
    Then nothing changes

    Examples:
      | action                                  |
      | the agent tries to start the recording  |
      | the agent tries to resume the recording |

  @MOD-2 @invalid
  Scenario: An agent action needs an employee on the line
    When a customer calls the queue "Billing"
    And the agent tries to stop the recording
    Then the simulator refuses the call: '"agent": no employee is on the line to stop the recording'

  @MOD-2
  Scenario: When the call ends, nothing is recorded and the agent has no control
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the call ends
    Then the call is not recording
    And the agent has no control over the recording
    And the agent is not prompted to announce the recording
    And the decision names no rule

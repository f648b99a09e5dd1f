@HIS
Feature: Call history
  Every call decided through the live API is kept, and downloads as a scenario file whose replay
  gives back the decisions the call got (HIS-2). Settings may be saved while a call is in progress:
  from its next event on, the new settings decide, and the call keeps what it already had (who is on
  the line, the mode it was answered with, its recording state). Each decision names the version of
  the settings that made it.

  The history is searchable by the customer's number, time, queue, employee, outcome and deciding
  rule (HIS-3); a call under legal hold is kept until it is released, whatever the retention period
  (HIS-4); every call of one number can be erased on request, and the audit log never shows that
  number (HIS-5).

  The scenarios tagged @api run against the HTTP API (profile "api") with the worker beside it
  (@worker), which moves each call to the history once it has ended: the calls are reported as the
  telephony side reports them, and the admin reads the history as the console does.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @HIS-2 @TRF-2 @MOD-5
  Scenario: Settings saved between two events decide the call's next event
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent pauses the recording
    And "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the admin saves these settings while the call is in progress
    And the agent transfers the call to the queue "Sales"
    Then the call is not recording
    And the decision names the rules "TRF-2, GLB-2"
    And the decision is made with the settings saved during the call
    And the decisions before the save were made with the settings the call started with
    When "Bob" answers
    Then the call is recording
    And the decision names the rules "TRF-2, GLB-2, QUE-1, MOD-2, ANN-1"

  @HIS-2 @QUE-3 @MOD-2 @MOD-4
  Scenario: A call already answered keeps its mode when its queue's settings change; the next call gets the new ones
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    And the admin saves these settings while the call is in progress
    And the agent stops the recording
    And the agent starts the recording again
    Then it is not refused
    And the call is recording
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1"
    And the decision is made with the settings saved during the call
    When a customer calls the queue "Billing"
    And "Bob" answers
    Then the call is not recording
    And the agent cannot start the recording
    And the decision names the rules "GLB-2, QUE-3, MOD-4, ANN-2"

  # HIS-1: every call decided through the live API is kept, as the API decided it

  @HIS-1 @HIS-3 @api @worker
  Scenario: An ended call is in the history within seconds, with every decision it got
    Given a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice" and ended
    When the admin searches the call history for "415-555-0100"
    Then the call is found, with every decision it got, in order, with when each event arrived

  # HIS-3: searching the history

  @HIS-3 @api @worker
  Scenario Outline: The call history is searched by number, area code, time, queue, employee, outcome and rule
    Given "(212) 555-0123" is on the exclusion list
    And a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice" and ended
    And a call from "(415) 555-0199" to the queue "Sales" was answered by "Bob", who stopped the recording, and ended
    And a call from "(212) 555-0123" to the queue "Billing" was answered by "Bob" and ended
    And a call from "(650) 555-0142" to the queue "Sales" was answered by "Alice" and ended
    When the admin searches the call history for <search>
    Then it finds the calls from <calls>, newest first

    Examples:
      | search                                                 | calls                                 |
      | "+1 415 555 0100"                                      | "(415) 555-0100"                      |
      | "415*"                                                 | "(415) 555-0199" and "(415) 555-0100" |
      | the calls since the call from "(212) 555-0123" started | "(650) 555-0142" and "(212) 555-0123" |
      | the queue "Sales"                                      | "(650) 555-0142" and "(415) 555-0199" |
      | the employee "Bob"                                     | "(212) 555-0123" and "(415) 555-0199" |
      | the calls recorded                                     | "(650) 555-0142" and "(415) 555-0100" |
      | the calls partly recorded                              | "(415) 555-0199"                      |
      | the calls not recorded                                 | "(212) 555-0123"                      |
      | the rule "EXC-2"                                       | "(212) 555-0123"                      |

  # HIS-2: a kept call is its own evidence

  @HIS-2 @api @worker
  Scenario: The evidence of a call during which the settings were saved replays to exactly the decisions it got
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    And a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice"
    And the admin saved "Transfer to a Queue" as "Change to recording settings of the transfer destination" while the call was in progress
    And the call was transferred to the queue "Sales" and answered by "Bob"
    And the call ended
    When the admin downloads the evidence of the call
    Then it holds the settings the call started with, and from the event after the save those saved during the call
    And replaying it with the simulator gives exactly the decisions the call got

  # HIS-4: retention and legal holds. A call is kept 400 days, which a scenario cannot wait for: these
  # check the hold itself, and the audit of the hold, of its release and of the retention period.

  @HIS-4 @api @worker
  Scenario: A legal hold keeps its reason, who placed it and when, and the hold and its release are audited
    Given a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice" and ended
    When the admin places the call under legal hold because "Litigation 2026-114"
    Then the call shows the legal hold "Litigation 2026-114", who placed it and when
    And the audit log shows that the admin placed the call under legal hold because "Litigation 2026-114", and when
    When the admin releases the call from legal hold
    Then the call shows no legal hold
    And the audit log shows that the admin released the call from legal hold "Litigation 2026-114", and when

  @HIS-4 @api @worker
  Scenario: The retention period is 400 days unless the account sets another; a change names the period read, and is audited
    Given the account keeps its call history 400 days
    When the admin changes the retention period to 30 days without naming the period they read
    Then they are told to read the retention period before changing it
    And the account still keeps its call history 400 days
    When the admin changes the retention period to 30 days
    Then the account keeps its call history 30 days
    And the audit log shows that the admin changed the retention period from 400 to 30 days, and when

  # HIS-5: erasure on request

  @HIS-5 @HIS-4 @api @worker
  Scenario: Erasing a number erases its calls but not one under legal hold, and the audit log never shows the number
    Given a call from "(310) 555-0142" to the queue "Billing" was answered by "Alice" and ended
    And a call from "(310) 555-0142" to the queue "Sales" was answered by "Bob" and ended
    And a call from "(310) 555-0142" to the queue "Billing" was answered by "Bob" and ended
    And a call from "(310) 555-0177" to the queue "Billing" was answered by "Alice" and ended
    And the call from "(310) 555-0142" to the queue "Sales" is under legal hold because "Complaint 2026-7"
    When the admin erases every call of "310.555.0142"
    Then they are told 2 calls were erased and 1 was kept under legal hold
    And of the calls from "(310) 555-0142", the call history keeps only the one to the queue "Sales"
    And the call from "(310) 555-0177" is still in the call history
    And the audit log shows that the admin erased 2 calls and kept 1 under legal hold, and when, never naming the number

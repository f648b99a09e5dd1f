@ACC @api
Feature: Access to the recording settings
  Recording settings exist only for accounts with Contact Center Pro (early access) and an
  Enterprise Hub network, and only people with the permission "Edit Call Recording Settings" see and
  change them. No account ever sees, changes or is decided by another account's settings, and every
  change is kept in an audit log. The call history holds customers' numbers: only people with the
  permission "View Call History" see it, holds and erasures need "Edit Call Recording Settings" as
  well, and API keys report call events without ever reading the history.

  These scenarios run against the HTTP API (profile "api"), with the worker beside it for those
  tagged @worker (the exclusion list's uploads and downloads, the call history). Those tagged @console run in a
  browser against the console (profile "console").

  @ACC-1
  Scenario: An account without Contact Center Pro is told the feature is not enabled
    Given an account without the Contact Center Pro feature
    When its admin opens the recording settings
    Then they are told the feature is not enabled
    And the answer says the account needs "the Contact Center Pro feature"

  @ACC-1 @console
  Scenario: The console explains how to get Contact Center Pro instead of showing an empty screen
    Given an account without the Contact Center Pro feature
    When its admin opens the recording settings
    Then the console explains how to get Contact Center Pro instead of showing an empty screen

  @ACC-1
  Scenario: An account without an Enterprise Hub network is told the feature is not enabled
    Given an account with Contact Center Pro but without an Enterprise Hub network
    When its admin opens the recording settings
    Then they are told the feature is not enabled
    And the answer says the account needs "an Enterprise Hub network"

  @ACC-1 @console
  Scenario: The console explains that Contact Center Pro requires an Enterprise Hub network
    Given an account with Contact Center Pro but without an Enterprise Hub network
    When its admin opens the recording settings
    Then the console explains that Contact Center Pro requires an Enterprise Hub network

  @ACC-2
  Scenario: Without the permission "Edit Call Recording Settings", the settings are refused with the permission's name
    Given an employee of an account with Contact Center Pro, without the permission "Edit Call Recording Settings"
    When they open the recording settings
    Then they are refused because they lack the permission "Edit Call Recording Settings"

  @ACC-2 @console
  Scenario: Without the permission, the console tells them who to ask for it
    Given an employee of an account with Contact Center Pro, without the permission "Edit Call Recording Settings"
    When they open the recording settings
    Then the console tells them to ask the account administrator for it

  @ACC-2
  Scenario: Without the permission, nothing can be changed either
    Given an employee of an account with Contact Center Pro, without the permission "Edit Call Recording Settings"
    When they try to change the queue default to "Never Record"
    Then they are refused because they lack the permission "Edit Call Recording Settings"
    And the queue default is unchanged

  # The API never names an account: a request acts on the account of whoever sends it. What an admin
  # can name of another account are its ids, and those answer as ids that do not exist (api.md).

  @ACC-3
  Scenario: An admin reads and changes only their own account's settings
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    And "Globex" has the queue "Support" and the employee "Bob", both with custom settings, and "(212) 555-0123" on its exclusion list
    When an admin of "Acme" changes the queue default to "Never Record"
    Then the queue default of "Acme" is "Never Record"
    And the admin of "Acme" sees no queue, no employee and no exclusion of "Globex"
    And the recording settings of "Globex" are unchanged

  @ACC-3
  Scenario Outline: No account touches another account's settings
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    And "Globex" has the queue "Support" and the employee "Bob", both with custom settings, and "(212) 555-0123" on its exclusion list
    When an admin of "Acme" tries to <action> of "Globex"
    Then the admin of "Acme" is told there is no such <thing>
    And the recording settings of "Globex" are unchanged

    Examples:
      | action                                              | thing           |
      | read the recording settings of the queue "Support"  | queue           |
      | change the recording settings of the queue "Support" | queue           |
      | reset the queue "Support" to the queue default      | queue           |
      | delete the queue "Support"                          | queue           |
      | read the recording settings of the employee "Bob"   | employee        |
      | change the recording settings of the employee "Bob" | employee        |
      | reset the employee "Bob" to the individual defaults | employee        |
      | delete the employee "Bob"                           | employee        |
      | delete "(212) 555-0123" from the exclusion list     | exclusion entry |

  @ACC-3 @EXC-8 @worker
  Scenario: No account reads another account's upload
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    And the admin of "Globex" has uploaded a CSV file to add to its exclusion list
    When an admin of "Acme" asks how that upload went
    Then the admin of "Acme" is told there is no such upload
    And the recording settings of "Globex" are unchanged

  @ACC-3 @EXC-9 @worker
  Scenario: A download holds the downloading account's list only
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    And "(212) 555-0123" is on the exclusion list of "Globex" only
    When an admin of "Acme" downloads the exclusion list as CSV
    Then the file holds only its header row

  @ACC-3
  Scenario: A call is decided by its own account's settings only
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    And "(212) 555-0123" is on the exclusion list of "Globex" only
    When a customer calls a queue of "Acme" from "(212) 555-0123" and an employee answers
    Then the call of "Acme" is recording

  @ACC-4
  Scenario: Every change of a setting is kept in the audit log
    Given an admin "Dana" of an account whose queue default is "Automatically Record"
    When "Dana" changes the queue default to "Never Record"
    Then the audit log shows that "Dana" changed the queue default from "Automatically Record" to "Never Record", and when

  @ACC-4
  Scenario: Every change of the exclusion list is kept in the audit log
    Given an admin "Dana" of an account whose exclusion list is empty
    When "Dana" adds "(212) 555-0123" to the exclusion list
    Then the audit log shows that "Dana" added "(212) 555-0123" to the exclusion list, and when

  # ACC-5: the call history. Its calls are reported as the telephony side reports them, with the
  # account's API key; the worker keeps them once they have ended.

  @ACC-5 @worker
  Scenario: Without the permission "View Call History", the call history is refused with the permission's name
    Given an account whose queue "Billing" follows the queue default
    And whose employee "Alice" follows the individual defaults
    And a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice" and ended
    And "Erin" of the account has the permission "Edit Call Recording Settings" but not "View Call History"
    When "Erin" opens the call history
    Then they are refused because they lack the permission "View Call History"

  @ACC-5 @worker
  Scenario Outline: Holds, erasures and the retention period need "Edit Call Recording Settings" as well
    Given an account whose queue "Billing" follows the queue default
    And whose employee "Alice" follows the individual defaults
    And a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice" and ended
    And "Vic" of the account has the permission "View Call History" but not "Edit Call Recording Settings"
    When "Vic" tries to <change>
    Then they are refused because they lack the permission "Edit Call Recording Settings"
    And the call history is unchanged
    And "Vic" finds the call in the call history

    Examples:
      | change                                 |
      | place the call under legal hold        |
      | erase every call of "(415) 555-0100"   |
      | change the retention period to 30 days |

  @ACC-5 @worker
  Scenario: An API key gets the live decision of a call, and never reads the call history
    Given an account whose queue "Billing" follows the queue default
    And whose employee "Alice" follows the individual defaults
    And a call from "(415) 555-0100" to the queue "Billing" was answered by "Alice"
    When the telephony side asks for the call's decision
    Then it gets the call's current decision, without the call's events or the customer's number
    When the telephony side tries to read or change the call history
    Then it is refused, as API keys never read the call history
    And the call history is unchanged

@ACC @api
Feature: Access to the recording settings
  Recording settings exist only for accounts with Contact Center Pro (early access) and an
  Enterprise Hub network, and only people with the permission "Edit Call Recording Settings" see and
  change them. No account ever sees, changes or is decided by another account's settings, and every
  change is kept in an audit log.

  These scenarios run against the HTTP API (profile "api").

  @ACC-1
  Scenario: An account without Contact Center Pro is told the feature is not enabled
    Given an account without the Contact Center Pro feature
    When its admin opens the recording settings
    Then they are told the feature is not enabled
    And the console explains how to get Contact Center Pro instead of showing an empty screen

  @ACC-1
  Scenario: An account without an Enterprise Hub network is told the feature is not enabled
    Given an account with Contact Center Pro but without an Enterprise Hub network
    When its admin opens the recording settings
    Then they are told the feature is not enabled
    And the console explains that Contact Center Pro requires an Enterprise Hub network

  @ACC-2
  Scenario: Without the permission "Edit Call Recording Settings", the settings are refused with the permission's name
    Given an employee of an account with Contact Center Pro, without the permission "Edit Call Recording Settings"
    When they open the recording settings
    Then they are refused because they lack the permission "Edit Call Recording Settings"
    And the console tells them to ask the account administrator for it

  @ACC-2
  Scenario: Without the permission, nothing can be changed either
    Given an employee of an account with Contact Center Pro, without the permission "Edit Call Recording Settings"
    When they try to change the queue default to "Never Record"
    Then they are refused because they lack the permission "Edit Call Recording Settings"
    And the queue default is unchanged

  @ACC-3
  Scenario Outline: No account touches another account's settings
    Given two accounts "Acme" and "Globex" with Contact Center Pro
    When an admin of "Acme" tries to <action> "Globex"
    Then the admin of "Acme" is told there is no such account
    And the recording settings of "Globex" are unchanged

    Examples:
      | action                         |
      | read the recording settings of |
      | change the queue default of    |
      | upload an exclusion list to    |
      | download the exclusion list of |

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

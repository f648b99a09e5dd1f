@QUE
Feature: Queue recording defaults
  Under On Call Answered, inbound calls to a queue are recorded per the queue default, unless the
  queue has custom settings: those override the default, even after the default changes. A call
  redirected to another queue gets the settings of the queue that answers it.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  @QUE-1 @MOD-3 @ANN-2
  Scenario: A queue without custom settings follows the queue default
    Given the queue default is "Manually Record" with "Never announce recording status"
    When a customer calls the queue "Sales"
    And "Alice" answers
    Then the call is not recording
    And the agent can start the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-3, ANN-2"

  @QUE-3 @MOD-4 @ANN-2 @GLB-2
  Scenario: A queue's custom settings override the default
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    And the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    And the employee "Alice" has the direct line "(415) 555-0100"
    And "(212) 555-0123" is on the exclusion list
    When a customer calls the queue "Billing" from "+1 310 555 0142"
    And "Alice" answers
    Then the call is not recording
    And the agent has no control over the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-3, MOD-4, ANN-2"
    When the agent tries to start the recording
    Then it is refused by "MOD-4"

  @QUE-2 @QUE-3 @QUE-1
  Scenario: A change of the queue default applies at once to the queues that follow it, and to no custom queue
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    And the queue "Billing" has custom settings "Manually Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Sales"
    And "Alice" answers
    Then the call is recording
    When the admin changes the queue default to "Never Record" with "Never announce recording status"
    And a customer calls the queue "Sales"
    And "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-4, ANN-2"
    When a customer calls the queue "Billing"
    And "Bob" answers
    Then the call is not recording
    And the agent can start the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "GLB-2, QUE-3, MOD-3, ANN-1"

  @QUE-6 @QUE-1 @MOD-2
  Scenario: A call redirected before it is answered gets the settings of the queue that answers it
    Given the queue default is "Automatically Record" with "Prompt employees to announce recording status"
    And the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And the call is redirected to the queue "Sales"
    Then the call is not recording
    And the decision names the rules "GLB-2, QUE-6"
    When "Alice" answers
    Then the call is recording
    And the agent can stop and pause the recording
    And the decision names the rules "GLB-2, QUE-6, QUE-1, MOD-2, ANN-1"

  @QUE-6 @QUE-3 @MOD-4
  Scenario: A call redirected to a queue that never records is not recorded
    Given the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And the call is redirected to the queue "Sales"
    And "Alice" answers
    Then the call is not recording
    And the decision names the rules "GLB-2, QUE-6, QUE-3, MOD-4, ANN-2"

  @QUE-6 @GLB-3
  Scenario: Under On Call Connected, a redirect changes nothing
    Given the global trigger is "On Call Connected" with "Always Record"
    And the queue "Sales" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing"
    And the call is redirected to the queue "Sales"
    And "Alice" answers
    Then the call is recording
    And the decision names the rules "GLB-3, GLB-6, MOD-1"

  @QUE-6 @invalid
  Scenario: A call is redirected only before its first answer
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the call is redirected to the queue "Sales"
    Then the simulator refuses the call: '"redirected": a call is redirected only before its first answer'

  @QUE-1 @invalid
  Scenario: A call to a queue the account does not have is refused
    When a customer calls the queue "Marketing"
    Then the simulator refuses the call: 'unknown queue "Marketing"'

  @QUE-2 @api
  Scenario: Changing the queue default through the API changes every queue that follows it
    Given an account whose queues "Billing" and "Sales" follow the queue default
    And whose queue "Support" has custom settings
    When its admin saves the queue default "Never Record" with "Never announce recording status"
    Then the recording settings of "Billing" and "Sales" read "Never Record" with "Never announce recording status"
    And the recording settings of "Support" are unchanged

  @QUE-4 @api
  Scenario: Reset to Default makes a custom queue follow the default again
    Given an account whose queue "Support" has custom settings "Never Record" with "Never announce recording status"
    When its admin clicks Reset to Default for the queue "Support"
    Then the queue "Support" is no longer listed with custom settings
    And the recording settings of "Support" read like the queue default

  @QUE-5 @api
  Scenario: The queue defaults screen lists every queue with custom settings
    Given an account whose queues "Billing" and "Support" have custom settings
    When its admin opens the Queue Recording Defaults
    Then Queues with Custom Settings lists "Billing" and "Support" with their recording default and announcement
    And it does not list "Sales"

@CNS
Feature: Recording consent by the customer's location
  Recording laws vary across the US and Canada: in some states every party to a call must consent
  to its recording. The account chooses what to do where the customer is in such a region: nothing
  ("Off"), play a recording notice to the customer, who consents by staying on the line ("Announce to
  customers where every party must consent"), or record nothing until the customer has consented
  ("Require consent before recording"). Where the customer is comes from the customer's account,
  else from the area code of the number they call from. A customer who refuses, or withdraws their
  consent, is not recorded for the rest of the call, whatever the settings. The product gives no
  legal advice: the all-party list is a starting point the admin edits.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  # CNS-1: where the customer is

  @CNS-1 @also-api
  Scenario Outline: The customer's region comes from the area code of the number they call from
    When a customer calls the queue "Billing" from "<number>"
    Then the customer's region is "<region>" from the area code

    Examples:
      | number          | region               |
      | (415) 555-0142  | California           |
      | (305) 555-0142  | Florida              |
      | +1 212 555 0142 | New York             |
      | (702) 555-0142  | Nevada               |
      | (416) 555-0142  | Ontario              |
      | 514.555.0142    | Quebec               |
      | (202) 555-0142  | District of Columbia |
      | (787) 555-0142  | Puerto Rico          |

  @CNS-1 @also-api
  Scenario: On a call an employee places, the region comes from the number called
    When "Alice" calls the customer "(305) 555-0142"
    Then the customer's region is "Florida" from the area code

  @CNS-1 @CNS-2 @CNS-4 @also-api
  Scenario Outline: The region of the customer's account wins over the area code
    Given the consent mode is "Require consent before recording"
    And the customer's account is in "<account>"
    When a customer calls the queue "Billing" from "<number>"
    And "Alice" answers
    Then the customer's region is "<account>" from the customer's account
    And consent is "<consent>"
    And the call is <state>

    Examples:
      | account    | number         | consent    | state         |
      | Quebec     | (415) 555-0142 | Not needed | recording     |
      | California | (212) 555-0142 | Pending    | not recording |

  @CNS-1 @also-api
  Scenario: A direct-line call linked to a customer account carries the region of that account too
    Given the call is linked to a customer account
    And the customer's account is in "Washington"
    When a customer calls the direct line of "Alice" from "(212) 555-0142"
    Then the customer's region is "Washington" from the customer's account

  @CNS-1 @also-api
  Scenario Outline: A number that tells no region leaves the region unknown
    When a customer calls the queue "Billing" from "<number>"
    Then the customer's region is unknown

    Examples: toll-free and other non-geographic numbers
      | number         |
      | (800) 555-0142 |
      | (888) 555-0142 |
      | (900) 555-0142 |

    Examples: numbers outside the US and Canada
      | number           |
      | +44 20 7946 0958 |
      | (876) 555-0142   |

    Examples: an area code two provinces share (Nova Scotia and Prince Edward Island)
      | number         |
      | (902) 555-0142 |

  @CNS-1 @also-api
  Scenario: A withheld number leaves the region unknown
    When a customer with a withheld number calls the queue "Billing"
    Then the customer's region is unknown

  # CNS-2: when consent is needed

  @CNS-2 @also-api
  Scenario Outline: Whether the customer hears the notice and must consent depends on the consent mode and where they are
    Given the consent mode is "<mode>"
    When a customer calls the queue "Billing" from "<number>"
    Then the customer's region is <region>
    And the customer <notice> the recording notice
    And consent is "<consent>"

    Examples: Off: consent is never needed
      | mode | number         | region                          | notice        | consent    |
      | Off  | (415) 555-0142 | "California" from the area code | does not hear | Not needed |
      | Off  | (305) 555-0142 | "Florida" from the area code    | does not hear | Not needed |
      | Off  | (212) 555-0142 | "New York" from the area code   | does not hear | Not needed |
      | Off  | (416) 555-0142 | "Ontario" from the area code    | does not hear | Not needed |
      | Off  | (800) 555-0142 | unknown                         | does not hear | Not needed |

    @CNS-3
    Examples: Announce: where every party must consent, and where the region is unknown, the customer hears the notice
      | mode                                                 | number         | region                          | notice        | consent             |
      | Announce to customers where every party must consent | (415) 555-0142 | "California" from the area code | hears         | Implied (announced) |
      | Announce to customers where every party must consent | (305) 555-0142 | "Florida" from the area code    | hears         | Implied (announced) |
      | Announce to customers where every party must consent | (212) 555-0142 | "New York" from the area code   | does not hear | Not needed          |
      | Announce to customers where every party must consent | (416) 555-0142 | "Ontario" from the area code    | does not hear | Not needed          |
      | Announce to customers where every party must consent | (800) 555-0142 | unknown                         | hears         | Implied (announced) |

    @CNS-4
    Examples: Require: where every party must consent, and where the region is unknown, the customer hears the notice and must consent
      | mode                             | number         | region                          | notice        | consent    |
      | Require consent before recording | (415) 555-0142 | "California" from the area code | hears         | Pending    |
      | Require consent before recording | (305) 555-0142 | "Florida" from the area code    | hears         | Pending    |
      | Require consent before recording | (212) 555-0142 | "New York" from the area code   | does not hear | Not needed |
      | Require consent before recording | (416) 555-0142 | "Ontario" from the area code    | does not hear | Not needed |
      | Require consent before recording | (800) 555-0142 | unknown                         | hears         | Pending    |

  @CNS-2 @GLB-1 @also-api
  Scenario: A new account starts with consent off, the product's all-party list, and unknown regions treated as needing consent
    Given a new account
    Then its consent settings are:
      | Recording consent                 | Off                      |
      | Customers whose region is unknown | Treat as needing consent |
    And its all-party consent list is:
      | region        | sources disagree |
      | California    |                  |
      | Connecticut   |                  |
      | Delaware      | disputed         |
      | Florida       |                  |
      | Hawaii        | disputed         |
      | Illinois      |                  |
      | Maryland      |                  |
      | Massachusetts |                  |
      | Michigan      | disputed         |
      | Montana       |                  |
      | Nevada        | disputed         |
      | New Hampshire |                  |
      | Oregon        | disputed         |
      | Pennsylvania  |                  |
      | Vermont       | disputed         |
      | Washington    |                  |

  @CNS-2 @CNS-3 @also-api
  Scenario Outline: A state where sources disagree is on the product's list, so its customers hear the notice
    Given the consent mode is "Announce to customers where every party must consent"
    When a customer calls the queue "Billing" from "<number>"
    Then the customer's region is "<state>" from the area code
    And the customer hears the recording notice
    And consent is "Implied (announced)"

    Examples:
      | number         | state    |
      | (702) 555-0142 | Nevada   |
      | (503) 555-0142 | Oregon   |
      | (313) 555-0142 | Michigan |
      | (302) 555-0142 | Delaware |

  @CNS-2 @CNS-4 @also-api
  Scenario Outline: The admin's list decides: a state added needs consent, a state removed does not
    Given the consent mode is "Require consent before recording"
    And "New York" is on the all-party consent list
    And "California" is not on the all-party consent list
    When a customer calls the queue "Billing" from "<number>"
    And "Alice" answers
    Then consent is "<consent>"
    And the call is <state>

    Examples:
      | number         | consent    | state         |
      | (212) 555-0142 | Pending    | not recording |
      | (415) 555-0142 | Not needed | recording     |
      | (305) 555-0142 | Pending    | not recording |

  @CNS-2 @CNS-4 @also-api
  Scenario Outline: A list of the admin's own can name Canadian provinces
    Given the consent mode is "Require consent before recording"
    And the all-party consent list holds only "Ontario" and "Quebec"
    When a customer calls the queue "Billing" from "<number>"
    Then consent is "<consent>"

    Examples:
      | number         | consent    |
      | (416) 555-0142 | Pending    |
      | (514) 555-0142 | Pending    |
      | (415) 555-0142 | Not needed |
      | (604) 555-0142 | Not needed |

  @CNS-2 @CNS-4 @also-api
  Scenario Outline: Customers whose region is unknown need consent unless the admin says otherwise
    Given the consent mode is "Require consent before recording"
    And customers whose region is unknown are set to "<treatment>"
    When a customer calls the queue "Billing" from "<number>"
    And "Alice" answers
    Then the customer's region is unknown
    And consent is "<consent>"
    And the call is <state>

    Examples:
      | treatment                    | number           | consent    | state         |
      | Treat as needing consent     | (800) 555-0142   | Pending    | not recording |
      | Treat as needing consent     | +44 20 7946 0958 | Pending    | not recording |
      | Treat as not needing consent | (800) 555-0142   | Not needed | recording     |
      | Treat as not needing consent | +44 20 7946 0958 | Not needed | recording     |

  @CNS-2 @CNS-3 @also-api
  Scenario Outline: A withheld number needs consent unless unknown regions are treated as not needing it
    Given the consent mode is "Announce to customers where every party must consent"
    And customers whose region is unknown are set to "<treatment>"
    When a customer with a withheld number calls the queue "Billing"
    Then the customer <notice> the recording notice
    And consent is "<consent>"

    Examples:
      | treatment                    | notice        | consent             |
      | Treat as needing consent     | hears         | Implied (announced) |
      | Treat as not needing consent | does not hear | Not needed          |

  @CNS-2 @CNS-4 @also-api
  Scenario: Unknown regions need consent even when the all-party list is empty
    Given the consent mode is "Require consent before recording"
    And the all-party consent list is empty
    When a customer calls the queue "Billing" from "(415) 555-0142"
    Then consent is "Not needed"
    When a customer calls the queue "Billing" from "(800) 555-0142"
    Then consent is "Pending"

  @CNS-2 @CNS-4 @api
  Scenario: An admin requires consent and unticks Florida: a call from Florida is then recorded without waiting for consent
    When its admin saves "Require consent before recording" with "Florida" unticked in the all-party consent list
    Then "Florida" is no longer on the all-party consent list
    And its consent settings are:
      | Recording consent                 | Require consent before recording |
      | Customers whose region is unknown | Treat as needing consent         |
    When a customer calls the queue "Billing" from "(305) 555-0142"
    And "Alice" answers
    Then the customer's region is "Florida" from the area code
    And the customer does not hear the recording notice
    And consent is "Not needed"
    And the call is recording
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    Then consent is "Pending"
    And the call is not recording

  @CNS-2 @api
  Scenario: A region that is not in the product's table is refused, named, and nothing is saved
    Given the consent mode is "Require consent before recording"
    When its admin adds the region "UK" to the all-party consent list
    Then they are refused because "UK" is not a region of the product's table
    And its recording settings are unchanged

  @CNS-2 @CNS-4 @also-api
  Scenario: Whether a call needs consent is decided when it connects: settings saved during the call apply from the next call
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the admin changes the consent mode to "Off"
    And the admin saves these settings while the call is in progress
    And the agent tries to start the recording
    Then it is refused by "CNS-4"
    And consent is "Pending"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    Then consent is "Not needed"
    And the call is recording

  # CNS-3: Announce: the notice is consent, recording follows the other rules

  @CNS-3 @QUE-1 @MOD-2 @ANN-1 @also-api
  Scenario: The customer hears the notice from the start, and the call is recorded as the queue says
    Given the consent mode is "Announce to customers where every party must consent"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    Then the customer hears the recording notice
    And consent is "Implied (announced)"
    And the call is not recording
    And the decision names the rules "GLB-2, CNS-3"
    When "Alice" answers
    Then the call is recording
    And the agent can stop and pause the recording
    And the agent is prompted to announce the recording
    And the customer hears the recording notice
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1, CNS-3"

  @CNS-3 @MOD-5 @also-api
  Scenario: A customer who says yes turns implied consent into given consent, and nothing else changes
    Given the consent mode is "Announce to customers where every party must consent"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent pauses the recording
    And the customer consents
    Then consent is "Given"
    And the recording is paused
    And the agent can stop and resume the recording
    And the customer hears the recording notice
    And the decision names the rules "CNS-3, GLB-2, QUE-1, MOD-2, ANN-1"

  @CNS-3 @QUE-3 @also-api
  Scenario Outline: Under Announce the recording follows the queue's mode
    Given the consent mode is "Announce to customers where every party must consent"
    And the queue "Billing" has custom settings <mode> with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    Then the customer hears the recording notice
    And the call is <state>
    And the agent can <controls> the recording
    And the decision names the rules "GLB-2, QUE-3, <rule>, ANN-1, CNS-3"

    @MOD-1
    Examples:
      | mode            | state     | controls   | rule  |
      | "Always Record" | recording | only pause | MOD-1 |

    @MOD-3
    Examples:
      | mode              | state         | controls | rule  |
      | "Manually Record" | not recording | start    | MOD-3 |

    @MOD-4
    Examples:
      | mode           | state         | controls        | rule  |
      | "Never Record" | not recording | do nothing with | MOD-4 |

  @CNS-3 @EXC-2 @also-api
  Scenario: An excluded customer hears the notice but is still not recorded
    Given the consent mode is "Announce to customers where every party must consent"
    And "(415) 555-0142" is on the exclusion list
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    Then the customer hears the recording notice
    And the call is not recording
    And the decision names the rules "EXC-2, GLB-2, QUE-1, MOD-2, ANN-1, CNS-3"
    When the agent tries to start the recording
    Then it is refused by "EXC-2"

  @CNS-3 @also-api
  Scenario: Every decision of a call that needs consent under Announce names CNS-3, but none names where the region came from
    Given the consent mode is "Announce to customers where every party must consent"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent pauses the recording
    And the agent resumes the recording
    And the customer consents
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    And the call ends
    Then every decision of the call names "CNS-3"
    And no decision of the call names "CNS-1"
    And no decision of the call names "CNS-2"
    And the decision names no rule

  @CNS-3 @also-api
  Scenario: A call that needs no consent keeps the traces it had before consent existed
    Given the consent mode is "Announce to customers where every party must consent"
    When a customer calls the queue "Billing" from "(212) 555-0142"
    And "Alice" answers
    And the customer consents
    Then consent is "Not needed"
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1"
    And no decision of the call names "CNS-3"

  # CNS-4: Require: nothing is recorded until the customer consents

  @CNS-4 @QUE-1 @MOD-2 @ANN-1 @also-api
  Scenario: Nothing is recorded until the customer consents, then the queue's automatic recording starts
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    Then the customer hears the recording notice
    And consent is "Pending"
    And the decision names the rules "CNS-4"
    When "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "CNS-4, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "CNS-4"
    When the customer consents
    Then consent is "Given"
    And the call is recording
    And the agent can stop and pause the recording
    And the agent is prompted to announce the recording
    And the decision names the rules "CNS-4, GLB-2, QUE-1, MOD-2, ANN-1"

  @CNS-4 @QUE-3 @MOD-3 @also-api
  Scenario: Under Manually Record, consent lets the agent start the recording
    Given the consent mode is "Require consent before recording"
    And the queue "Billing" has custom settings "Manually Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the customer consents
    Then the call is not recording
    And the agent can start the recording
    When the agent starts the recording
    Then the call is recording
    And the decision names the rules "GLB-2, QUE-3, MOD-3, ANN-1, CNS-4"

  @CNS-4 @QUE-3 @MOD-1 @also-api
  Scenario: Consent given while the call waits in the queue: the recording starts when the agent answers
    Given the consent mode is "Require consent before recording"
    And the queue "Billing" has custom settings "Always Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And the customer consents
    Then the call is not recording
    And the decision names the rules "CNS-4, GLB-2"
    When "Alice" answers
    Then the call is recording
    And the agent can only pause the recording
    And the decision names the rules "GLB-2, QUE-3, MOD-1, ANN-1, CNS-4"

  @CNS-4 @QUE-3 @MOD-4 @also-api
  Scenario: Consent does not make a Never Record queue record
    Given the consent mode is "Require consent before recording"
    And the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent tries to start the recording
    Then it is refused by "CNS-4"
    When the customer consents
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "MOD-4"

  @CNS-4 @EXC-2 @also-api
  Scenario: While consent is pending, starting is refused for want of consent before the exclusion list is asked
    Given the consent mode is "Require consent before recording"
    And "(415) 555-0142" is on the exclusion list
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent tries to start the recording
    Then it is refused by "CNS-4"
    When the customer consents
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "EXC-2"

  @CNS-4 @VA-1 @also-api
  Scenario: A Virtual Agent call waits for consent, then is recorded to the end
    Given the consent mode is "Require consent before recording"
    When a customer calls the Virtual Agent from "(415) 555-0142"
    Then the call is not recording
    And consent is "Pending"
    And the decision names the rules "CNS-4"
    When the customer consents
    Then the call is recording
    And the decision names the rules "CNS-4, VA-1"
    When the Virtual Agent hands the call to the queue "Billing"
    And "Alice" answers
    Then the call is recording
    When the agent tries to stop the recording
    Then it is refused by "VA-1"

  @CNS-4 @VA-1 @also-api
  Scenario: A Virtual Agent call handed to an agent before the customer consents is recorded from the consent
    Given the consent mode is "Require consent before recording"
    When a customer calls the Virtual Agent from "(415) 555-0142"
    And the Virtual Agent hands the call to the queue "Billing"
    And "Alice" answers
    Then the call is not recording
    When the customer consents
    Then the call is recording
    And the agent can only pause the recording
    And the decision names the rules "CNS-4, VA-1, GLB-2, QUE-1, MOD-2, ANN-1"

  @CNS-4 @FWD-1 @also-api
  Scenario: A call forwarded before the customer consents is recorded from the consent
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "CNS-4"
    When the customer consents
    Then the call is recording
    And the decision names the rules "CNS-4, FWD-1, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent tries to stop the recording
    Then it is refused by "FWD-1"

  @CNS-4 @PAY-1 @also-api
  Scenario: Consent given while the Charge Credit Card screen is open: the recording starts paused
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    Then the call is not recording
    When the customer consents
    Then the recording is paused
    And the agent can only stop the recording
    And the decision names the rules "CNS-4, PAY-1, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent tries to resume the recording
    Then it is refused by "PAY-1"
    When the agent closes the Charge Credit Card screen
    Then the call is recording

  @CNS-4 @GLB-3 @GLB-6 @also-api
  Scenario: Under On Call Connected the connect mode waits for consent too
    Given the global trigger is "On Call Connected" with "Automatically Record"
    And the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    Then the call is not recording
    And the decision names the rules "CNS-4, GLB-3, GLB-6, MOD-2"
    When the customer consents
    Then the call is recording
    And the decision names the rules "CNS-4, GLB-3, GLB-6, MOD-2"

  @CNS-4 @IND-2 @MOD-2 @also-api
  Scenario: A call an employee places to a customer in an all-party state waits for the customer's consent
    Given the consent mode is "Require consent before recording"
    When "Alice" calls the customer "(305) 555-0142"
    Then the call is not recording
    And consent is "Pending"
    And the decision names the rules "CNS-4, GLB-2, IND-2, MOD-2, ANN-1"
    When the customer consents
    Then the call is recording
    And the agent can stop and pause the recording

  @CNS-4 @MOD-2 @also-api
  Scenario: Consent reported a second time does not bring back a recording the agent stopped
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the customer consents
    And the agent stops the recording
    And the customer consents again
    Then the call is not recording
    And the agent can start the recording
    And consent is "Given"

  @CNS-4 @also-api
  Scenario: Every decision while consent is pending starts with CNS-4, and every decision of the call names it
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent tries to start the recording
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    And the customer consents
    And the agent pauses the recording
    And the call ends
    Then every decision while consent was pending names "CNS-4" first
    And every decision of the call names "CNS-4"

  @CNS-4 @invalid
  Scenario: Consent is not reported before the call connects
    Given the consent mode is "Require consent before recording"
    And a customer is dialling the queue "Billing"
    When the customer consents
    Then the simulator refuses the call: 'the first event is "connected", not "consent"'

  @CNS-5 @invalid
  Scenario: Consent is not withdrawn after the call has ended
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the call ends
    And the customer withdraws consent
    Then the simulator refuses the call: 'nothing can follow "ended"'

  # CNS-5: a refusal or a withdrawal is honoured for the rest of the call, in every mode

  @CNS-5 @also-api
  Scenario Outline: A customer who withdraws consent during the call is not recorded again, in every consent mode
    Given the consent mode is "<mode>"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And the customer consents
    And "Alice" answers
    Then the call is recording
    When the customer withdraws consent
    Then the call is not recording
    And consent is "Refused"
    And the agent can do nothing with the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "CNS-5, GLB-2, QUE-1, MOD-2, ANN-1<mode rule>"
    When the agent tries to start the recording
    Then it is refused by "CNS-5"
    When the customer consents again
    Then the call is not recording
    And consent is "Refused"
    And nothing has been recorded since the customer's refusal

    Examples:
      | mode                                                 | mode rule |
      | Off                                                  |           |
      | Announce to customers where every party must consent | , CNS-3   |
      | Require consent before recording                     | , CNS-4   |

  @CNS-5 @CNS-2 @also-api
  Scenario: A withdrawal is honoured where consent was not needed
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(212) 555-0142"
    And "Alice" answers
    Then consent is "Not needed"
    And the call is recording
    When the customer withdraws consent
    Then the call is not recording
    And consent is "Refused"
    And the customer does not hear the recording notice

  @CNS-5 @CNS-4 @also-api
  Scenario: A customer who refuses before anyone answers is never recorded
    Given the consent mode is "Require consent before recording"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And the customer refuses to be recorded
    Then consent is "Refused"
    And the decision names the rules "CNS-5, CNS-4"
    When "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "CNS-5, GLB-2, QUE-1, MOD-2, ANN-1, CNS-4"
    When the agent tries to start the recording
    Then it is refused by "CNS-5"
    When the customer consents
    Then the call is not recording
    And consent is "Refused"

  @CNS-5 @VA-1 @also-api
  Scenario: A refusal beats the Virtual Agent's recording, after the hand-off too
    When a customer calls the Virtual Agent from "(415) 555-0142"
    Then the call is recording
    When the customer refuses to be recorded
    Then the call is not recording
    And the decision names the rules "CNS-5"
    When the Virtual Agent hands the call to the queue "Billing"
    And "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "CNS-5, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "CNS-5"
    And nothing has been recorded since the customer's refusal

  @CNS-5 @FWD-1 @also-api
  Scenario: A refusal stops the recording of a forwarded call
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    Then the call is recording
    When the customer withdraws consent
    Then the call is not recording
    And the decision names the rules "CNS-5, GLB-2, QUE-1, MOD-2, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "CNS-5"

  @CNS-5 @FWD-1 @also-api
  Scenario: A call the customer refused is not recorded when it is forwarded afterwards
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the customer refuses to be recorded
    And the agent forwards the call to "(718) 555-0111"
    Then the call is not recording
    And the agent can do nothing with the recording
    And nothing has been recorded since the customer's refusal

  @CNS-5 @QUE-3 @MOD-1 @also-api
  Scenario: A withdrawal stops a recording the agent could not stop
    Given the queue "Billing" has custom settings "Always Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent tries to stop the recording
    Then it is refused by "MOD-1"
    When the customer withdraws consent
    Then the call is not recording
    And the agent can do nothing with the recording

  @CNS-5 @MOD-5 @also-api
  Scenario: A withdrawal ends a paused recording, and there is nothing left to resume
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent pauses the recording
    And the customer withdraws consent
    Then the call is not recording
    And the agent can do nothing with the recording
    When the agent tries to resume the recording
    Then nothing changes

  @CNS-5 @TRF-2 @QUE-3 @MOD-1 @also-api
  Scenario: A refused call stays unrecorded in the queue it is transferred to
    Given "Transfer to a Queue" is set to "Change to recording settings of the transfer destination"
    And the queue "Sales" has custom settings "Always Record" with "Prompt employees to announce recording status"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the customer withdraws consent
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "CNS-5, TRF-2, GLB-2, QUE-3, MOD-1, ANN-1"

  @CNS-5 @PAY-1 @also-api
  Scenario: Closing the Charge Credit Card screen does not bring back a recording the customer refused
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the agent opens the Charge Credit Card screen
    Then the recording is paused
    When the customer withdraws consent
    Then the call is not recording
    When the agent closes the Charge Credit Card screen
    Then the call is not recording
    And nothing has been recorded since the customer's refusal

  @CNS-5 @also-api
  Scenario Outline: From the refusal on, every decision of the call starts with CNS-5
    Given the consent mode is "<mode>"
    When a customer calls the queue "Billing" from "(415) 555-0142"
    And "Alice" answers
    And the customer refuses to be recorded
    And the agent tries to start the recording
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    And the customer consents
    And the call ends
    Then every decision from the customer's refusal on names "CNS-5" first
    And nothing has been recorded since the customer's refusal

    Examples:
      | mode                                                 |
      | Off                                                  |
      | Announce to customers where every party must consent |
      | Require consent before recording                     |

@EXC
Feature: Exclusion list
  The exclusion list names numbers and whole area codes that are never recorded. An employee's
  direct line on the list stops the recording of that employee's personal calls, but not of the
  queue calls the employee answers. Virtual Agent calls and forwarded calls are recorded anyway.

  Background:
    Given the global trigger is "On Call Answered"
    And the queues "Billing" and "Sales" follow the queue default
    And the employees "Alice" and "Bob" follow the individual defaults

  # EXC-1: what an entry is

  @EXC-1
  Scenario Outline: A number is accepted in the forms people type and spreadsheets hold
    When the admin enters "<typed>" as an exclusion
    Then it is listed as the number "+14155550100", shown as "(415) 555-0100"

    Examples:
      | typed             |
      | (415) 555-0100    |
      | 415.555.0100      |
      | 415-555-0100      |
      | 14155550100       |
      | 1-415-555-0100    |
      | +1 415 555 0100   |
      | +1 (415) 555-0100 |

  @EXC-1
  Scenario Outline: A number cell that lost its formatting is accepted
    When a spreadsheet cell holds the plain number <cell>
    Then it is listed as the number "+14155550100", shown as "(415) 555-0100"

    Examples:
      | cell        |
      | 4155550100  |
      | 14155550100 |

  @EXC-1
  Scenario Outline: An area code is accepted with or without its asterisk, and shown with it
    When the admin enters "<typed>" as an exclusion
    Then it is listed as the area code "415", shown as "415*"

    Examples:
      | typed |
      | 415   |
      | 415*  |
      | (415) |

  @EXC-1
  Scenario Outline: Anything else is refused with a message that says why
    When the admin enters "<typed>" as an exclusion
    Then it is refused: '<reason>'

    Examples:
      | typed            | reason                                                             |
      | 555-01           | "555-01" is not a phone number: too short                          |
      | (415) 555-01000  | "(415) 555-01000" is not a phone number: too long                  |
      | hello            | "hello" is not a phone number: not a number                        |
      | 12               | "12" is not an area code: area codes are 3 digits from 200 to 999  |
      | 123              | "123" is not an area code: area codes are 3 digits from 200 to 999 |
      | 911              | "911" is not an area code: 911 is a service code                   |
      | +44 20 7946 0958 | "+44 20 7946 0958" is not a North American (+1) number             |
      | 415-555-0100 x12 | "415-555-0100 x12" has an extension: list the number alone         |
      | +1 415 155 0100  | "+1 415 155 0100" is not a valid phone number                      |
      |                  | is empty: expected a phone number                                  |

  @EXC-1 @EXC-2
  Scenario: A listed number matches the caller however either was written
    Given "212.555.0123" is on the exclusion list
    When a customer calls the queue "Billing" from "+1 (212) 555-0123"
    And "Alice" answers
    Then the call is not recording

  # EXC-2, EXC-3: excluded calls

  @EXC-2 @QUE-1 @MOD-1
  Scenario Outline: A call from a listed number or area code is not recorded, and the agent cannot start a recording
    Given the queue default is "Always Record"
    And <entry> is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the agent is not prompted to announce the recording
    And the decision names the rules "EXC-2, GLB-2, QUE-1, MOD-1, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "EXC-2"

    Examples:
      | entry            |
      | "(212) 555-0123" |
      | "212"            |
      | "212*"           |

  @EXC-2
  Scenario: A caller from another number of another area code is recorded
    Given "212" is on the exclusion list
    And "(213) 555-0199" is on the exclusion list
    When a customer calls the queue "Billing" from "(213) 555-0123"
    And "Alice" answers
    Then the call is recording

  @EXC-2
  Scenario: A call without caller ID cannot match the list
    Given "212" is on the exclusion list
    When a customer with a withheld number calls the queue "Billing"
    And "Alice" answers
    Then the call is recording

  @EXC-2 @IND-2
  Scenario: An outbound call to a listed number is not recorded
    Given "(212) 555-0123" is on the exclusion list
    When "Alice" calls the customer "(212) 555-0123"
    Then the call is not recording
    And the decision names the rules "EXC-2, GLB-2, IND-2, MOD-2, ANN-1"

  @EXC-2 @EXC-3
  Scenario Outline: The list applies under both triggers
    Given the global trigger is <trigger> with "Always Record"
    And the queue default is "Always Record"
    And "212" is on the exclusion list
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "EXC-2"

    Examples:
      | trigger             |
      | "On Call Answered"  |
      | "On Call Connected" |

  # EXC-5: an employee's direct line on the list

  @EXC-5 @IND-1
  Scenario: A listed direct line stops the recording of the calls to it
    Given the employee "Alice" has the direct line "(415) 555-0100"
    And "(415) 555-0100" is on the exclusion list
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    Then the call is not recording
    And the agent can do nothing with the recording
    And the decision names the rules "EXC-5, GLB-2, IND-1, MOD-2, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "EXC-5"

  @EXC-5
  Scenario Outline: A listed direct line stops the recording of the calls the employee places
    Given the direct line of "Alice" is on the exclusion list
    When <the call>
    Then the call is not recording
    When the agent tries to start the recording
    Then it is refused by "EXC-5"

    @IND-2
    Examples:
      | the call                               |
      | "Alice" calls a customer               |
      | "Alice" dials a customer on the keypad |

    @IND-3
    Examples:
      | the call                          |
      | "Alice" clicks to call a customer |

  @EXC-5 @QUE-1 @MOD-2
  Scenario: A queue call answered by an employee whose direct line is listed is still recorded
    Given the direct line of "Alice" is on the exclusion list
    When a customer calls the queue "Billing"
    And "Alice" answers
    Then the call is recording
    And the agent can stop and pause the recording
    And the decision names the rules "GLB-2, QUE-1, MOD-2, ANN-1, EXC-5"

  @EXC-5 @QUE-3 @MOD-4
  Scenario: A queue call is recorded per the queue's settings, not more, when the direct line is listed
    Given the queue "Billing" has custom settings "Never Record" with "Never announce recording status"
    And the direct line of "Alice" is on the exclusion list
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent tries to start the recording
    Then it is refused by "MOD-4"

  @EXC-5 @EXC-2 @IND-1
  Scenario: An area code on the list concerns the other party only, not the employee's own line
    Given the employee "Alice" has the direct line "(415) 555-0100"
    And "415" is on the exclusion list
    When a customer calls the direct line of "Alice" from "(310) 555-0142"
    And "Alice" answers
    Then the call is recording
    And the decision names the rules "GLB-2, IND-1, MOD-2, ANN-1"

  @EXC-5 @TRF-6 @TRF-4 @IND-1 @MOD-1
  Scenario: A personal call stays unrecorded when it is transferred to a colleague
    Given "Transfer to an Employee" is set to "Change to recording settings of the transfer destination"
    And the employee "Bob" has custom inbound settings "Always Record" with "Prompt employees to announce recording status"
    And the direct line of "Alice" is on the exclusion list
    When a customer calls the direct line of "Alice"
    And "Alice" answers
    And the agent transfers the call to "Bob"
    And "Bob" answers
    Then the call is not recording
    And the decision names the rules "EXC-5, TRF-4, GLB-2, IND-1, MOD-1, ANN-1"
    When the agent tries to start the recording
    Then it is refused by "EXC-5"

  @EXC-5 @TRF-1 @QUE-1
  Scenario: A transferred queue call stays recorded when taken by an employee whose direct line is listed
    Given "Transfer to a Queue" is set to "Continue to follow call's original recording status after transfer"
    And the direct line of "Bob" is on the exclusion list
    When a customer calls the queue "Billing"
    And "Alice" answers
    And the agent transfers the call to the queue "Sales"
    And "Bob" answers
    Then the call is recording
    And the decision names the rules "TRF-1, GLB-2, QUE-1, MOD-2, ANN-1, EXC-5"

  # EXC-4: see virtual-agent.feature and forwarding.feature
  @EXC-4 @VA-1 @FWD-1
  Scenario: The Virtual Agent and forwarding beat the list
    Given "(212) 555-0123" is on the exclusion list
    When a customer calls the Virtual Agent from "(212) 555-0123"
    Then the call is recording
    When a customer calls the queue "Billing" from "(212) 555-0123"
    And "Alice" answers
    And the agent forwards the call to "(718) 555-0111"
    Then the call is recording

  @EXC-1 @invalid
  Scenario: A list holding something that is not a number or an area code is refused
    Given "12" is on the exclusion list
    When a customer calls the queue "Billing"
    Then the simulator refuses the call: '"12" is not an area code: area codes are 3 digits from 200 to 999'

  # Managing the list (through the HTTP API and the console). @worker: bulk uploads and downloads
  # (EXC-8..10), run with the worker beside the API; @console: the console's part, run in a browser
  # against the console (profile "console").

  @EXC-6 @api
  Scenario: Adding an entry that is already listed changes nothing and says so
    Given an account whose exclusion list holds "(212) 555-0123"
    When its admin adds "212.555.0123" in the Add Number pop-up
    Then they are told "(212) 555-0123" is already on the exclusion list
    And the exclusion list still holds 1 entry

  @EXC-7 @api
  Scenario: An entry is deleted after a confirmation
    Given an account whose exclusion list holds "(212) 555-0123" and "646*"
    When its admin deletes "646*" and confirms the deletion
    Then the exclusion list holds only "(212) 555-0123"

  @EXC-7 @api @console
  Scenario: Nothing is deleted without the confirmation
    Given an account whose exclusion list holds "(212) 555-0123"
    When its admin deletes "(212) 555-0123" and cancels the confirmation
    Then the exclusion list still holds "(212) 555-0123"

  @EXC-8 @EXC-10 @api @worker
  Scenario: A bulk upload added to the list reports its invalid rows by number and counts duplicates once
    Given an account whose exclusion list holds "(212) 555-0123"
    When its admin uploads a CSV file to add to the list:
      | number         |
      | 212.555.0123   |
      | 646*           |
      | hello          |
      | (718) 555-0111 |
      | (718) 555-0111 |
    Then the upload reports 2 imported, 2 duplicates and row 4 rejected because '"hello" is not a phone number: not a number'
    And the exclusion list holds "(212) 555-0123", "646*" and "(718) 555-0111"

  @EXC-8 @api @worker
  Scenario Outline: A bulk upload can replace the whole list at once
    Given an account whose exclusion list holds "(212) 555-0123"
    When its admin uploads a <format> file holding "646*" and "(718) 555-0111" to replace the list
    Then the exclusion list holds only "646*" and "(718) 555-0111"
    And no call was decided with a half-replaced list

    Examples:
      | format |
      | CSV    |
      | XLSX   |

  @EXC-8 @api @worker
  Scenario: A file that is not a spreadsheet changes nothing
    Given an account whose exclusion list holds "(212) 555-0123"
    When its admin uploads a PDF file to replace the list
    Then they are told the file cannot be read as a CSV or XLSX spreadsheet
    And the exclusion list still holds "(212) 555-0123"

  @EXC-9 @api @worker
  Scenario Outline: The downloaded list uploads again unchanged
    Given an account whose exclusion list holds "(212) 555-0123" and "646*"
    When its admin downloads the exclusion list as <format>
    And uploads that file to replace the list
    Then the exclusion list holds exactly what it held before

    Examples:
      | format |
      | CSV    |
      | XLSX   |

  @EXC-9 @api @worker
  Scenario: An empty list downloads as a blank template
    Given an account whose exclusion list is empty
    When its admin downloads the exclusion list as CSV
    Then the file holds only its header row

  @EXC-10 @api @worker
  Scenario: An upload runs in the background with visible progress
    Given an account whose exclusion list is empty
    When its admin uploads an XLSX file of 100,000 numbers to add to the list
    Then the upload's progress is shown while it runs
    And when it ends the admin who uploaded sees how many numbers were imported, were duplicates and were rejected

/** Given steps (and the admin's changes between two calls): the account's recording settings, in the console's words. */
import type { Announcement, ConsentMode, Mode, TransferRule, Trigger, UnknownRegionTreatment } from '@ccp/policy-core';
import { Given, When } from '@cucumber/cucumber';
import { asConnectMode, type Direction, quotedNames } from './vocabulary.js';
import type { RecordingWorld } from './world.js';

Given('a new account', function (this: RecordingWorld) {
  // GLB-1: nothing is set, every setting takes its initial value.
});

// Global recording defaults

function setTrigger(world: RecordingWorld, trigger: Trigger): void {
  world.settings.trigger = trigger;
}

Given('the global trigger is {trigger}', function (this: RecordingWorld, trigger: Trigger) {
  setTrigger(this, trigger);
});

Given('the global trigger is {trigger} with {mode}', function (this: RecordingWorld, trigger: Trigger, mode: Mode) {
  setTrigger(this, trigger);
  this.settings.connectMode = asConnectMode(mode);
});

When('the admin switches the global trigger to {trigger}', function (this: RecordingWorld, trigger: Trigger) {
  setTrigger(this, trigger);
});

Given('{string} is set to {transferRule}', function (this: RecordingWorld, section: string, rule: TransferRule) {
  if (section === 'Transfer to a Queue') this.settings.transfer.toQueue = rule;
  else if (section === 'Transfer to an Employee') this.settings.transfer.toEmployee = rule;
  else throw new Error(`no transfer section ${JSON.stringify(section)}: "Transfer to a Queue" or "Transfer to an Employee"`);
});

// Queue recording defaults

function setQueueDefault(world: RecordingWorld, mode: Mode, announcement?: Announcement): void {
  world.settings.queueDefault.mode = mode;
  if (announcement) world.settings.queueDefault.announcement = announcement;
}

Given('the queue default is {mode} with {announcement}', function (this: RecordingWorld, mode: Mode, announcement: Announcement) {
  setQueueDefault(this, mode, announcement);
});

Given('the queue default is {mode}', function (this: RecordingWorld, mode: Mode) {
  setQueueDefault(this, mode);
});

When('the admin changes the queue default to {mode}', function (this: RecordingWorld, mode: Mode) {
  setQueueDefault(this, mode);
});

When(
  'the admin changes the queue default to {mode} with {announcement}',
  function (this: RecordingWorld, mode: Mode, announcement: Announcement) {
    setQueueDefault(this, mode, announcement);
  },
);

Given(/^the queues? ((?:"[^"]+"(?:, | and )?)+) follows? the queue default$/, function (this: RecordingWorld, names: string) {
  for (const name of quotedNames(names)) this.queue(name);
});

Given(
  'the queue {string} has custom settings {mode} with {announcement}',
  function (this: RecordingWorld, name: string, mode: Mode, announcement: Announcement) {
    this.queue(name).custom = { mode, announcement };
  },
);

// Individual recording defaults

function setIndividualDefault(world: RecordingWorld, direction: Direction, mode: Mode, announcement?: Announcement): void {
  world.settings.individualDefault[direction].mode = mode;
  if (announcement) world.settings.individualDefault[direction].announcement = announcement;
}

Given(
  'the individual {direction} default is {mode} with {announcement}',
  function (this: RecordingWorld, direction: Direction, mode: Mode, announcement: Announcement) {
    setIndividualDefault(this, direction, mode, announcement);
  },
);

Given('the individual {direction} default is {mode}', function (this: RecordingWorld, direction: Direction, mode: Mode) {
  setIndividualDefault(this, direction, mode);
});

When(
  'the admin changes the individual {direction} default to {mode} with {announcement}',
  function (this: RecordingWorld, direction: Direction, mode: Mode, announcement: Announcement) {
    setIndividualDefault(this, direction, mode, announcement);
  },
);

When('the admin changes the individual {direction} default to {mode}', function (this: RecordingWorld, direction: Direction, mode: Mode) {
  setIndividualDefault(this, direction, mode);
});

Given(/^the employees? ((?:"[^"]+"(?:, | and )?)+) follows? the individual defaults$/, function (this: RecordingWorld, names: string) {
  for (const name of quotedNames(names)) this.employee(name);
});

Given('the employee {string} has the direct line {string}', function (this: RecordingWorld, name: string, line: string) {
  this.employee(name).directLine = line;
});

Given(
  'the employee {string} has custom {direction} settings {mode} with {announcement}',
  function (this: RecordingWorld, name: string, direction: Direction, mode: Mode, announcement: Announcement) {
    const employee = this.employee(name);
    // A custom setting is complete: the other direction starts as the individual default of the moment, as in the console.
    const custom = employee.custom ?? { inbound: this.individualDefault('inbound'), outbound: this.individualDefault('outbound') };
    custom[direction] = { mode, announcement };
    employee.custom = custom;
  },
);

// Consent by the customer's location (CNS-2..4)

Given('the consent mode is {consentMode}', function (this: RecordingWorld, mode: ConsentMode) {
  this.settings.consent.mode = mode;
});

When('the admin changes the consent mode to {consentMode}', function (this: RecordingWorld, mode: ConsentMode) {
  this.settings.consent.mode = mode;
});

Given('customers whose region is unknown are set to {unknownRegion}', function (this: RecordingWorld, treatment: UnknownRegionTreatment) {
  this.settings.consent.unknownRegion = treatment;
});

// The all-party list starts as the product's (GLB-1); the admin edits it.

Given('{region} is on the all-party consent list', function (this: RecordingWorld, region: string) {
  const regions = this.allPartyRegions();
  if (!regions.includes(region)) regions.push(region);
});

Given('{region} is not on the all-party consent list', function (this: RecordingWorld, region: string) {
  const regions = this.allPartyRegions();
  regions.splice(0, regions.length, ...regions.filter((code) => code !== region));
});

Given('the all-party consent list holds only {regions}', function (this: RecordingWorld, regions: string[]) {
  this.settings.consent.regions = [...regions];
});

Given('the all-party consent list is empty', function (this: RecordingWorld) {
  this.settings.consent.regions = [];
});

// HIS-2: a change saved while a call is in progress decides its next events.

When('the admin saves these settings while the call is in progress', function (this: RecordingWorld) {
  this.saveSettingsDuringCall();
});

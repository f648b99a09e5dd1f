/** GLB-1: the settings a new account starts with, read back in the console's words. */
import assert from 'node:assert/strict';
import { LABELS, REGIONS, type Settings, validateSettings } from '@ccp/policy-core';
import { type DataTable, Then } from '@cucumber/cucumber';
import type { RecordingWorld } from './world.js';

/** The account's settings as the console's Recording Defaults screens show them. */
function screenOf(settings: Settings): string[][] {
  return [
    ['Global Recording Defaults', LABELS.trigger[settings.trigger]],
    ['Call Recording Defaults under On Call Connected', LABELS.mode[settings.connectMode]],
    ['Transfer to a Queue', LABELS.transferRule[settings.transfer.toQueue]],
    ['Transfer to an Employee', LABELS.transferRule[settings.transfer.toEmployee]],
    ['Queue Call Recording Default', LABELS.mode[settings.queueDefault.mode]],
    ['Queue Call Recording Announcement', LABELS.announcement[settings.queueDefault.announcement]],
    ['Individual Inbound Call Recording Default', LABELS.mode[settings.individualDefault.inbound.mode]],
    ['Individual Inbound Call Recording Announcement', LABELS.announcement[settings.individualDefault.inbound.announcement]],
    ['Individual Outbound Call Recording Default', LABELS.mode[settings.individualDefault.outbound.mode]],
    ['Individual Outbound Call Recording Announcement', LABELS.announcement[settings.individualDefault.outbound.announcement]],
  ];
}

Then('its recording settings are:', function (this: RecordingWorld, table: DataTable) {
  const read = validateSettings(this.settingsJson());
  assert.ok(read.ok, 'the settings should be valid');
  assert.deepEqual(screenOf(read.value), table.raw());
});

Then('its exclusion list is empty', function (this: RecordingWorld) {
  const read = validateSettings(this.settingsJson());
  assert.ok(read.ok, 'the settings should be valid');
  assert.deepEqual(read.value.exclusions, []);
});

// CNS-2: the consent settings, as the console's consent screen shows them.

function validSettings(world: RecordingWorld): Settings {
  const read = validateSettings(world.settingsJson());
  assert.ok(read.ok, 'the settings should be valid');
  return read.value;
}

Then('its consent settings are:', function (this: RecordingWorld, table: DataTable) {
  const { consent } = validSettings(this);
  assert.deepEqual(
    [
      ['Recording consent', LABELS.consentMode[consent.mode]],
      ['Customers whose region is unknown', LABELS.unknownRegion[consent.unknownRegion]],
    ],
    table.raw(),
  );
});

/** The all-party list in the console's words: each region's name, and "disputed" where sources disagree (REGIONS). */
Then('its all-party consent list is:', function (this: RecordingWorld, table: DataTable) {
  const { consent } = validSettings(this);
  const listed = REGIONS.filter((region) => consent.regions.includes(region.code));
  assert.deepEqual(listed.map((region) => [region.name, region.disputed === null ? '' : 'disputed']).sort(), table.rows().sort());
});

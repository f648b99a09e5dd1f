/** The exclusion list: entries of a scenario's account (EXC-2..5), and how an entry is read (EXC-1, through normalizeExclusionEntry). */
import assert from 'node:assert/strict';
import { type ExclusionEntry, normalizeExclusionEntry, type Parsed } from '@ccp/policy-core';
import { Given, Then, When } from '@cucumber/cucumber';
import type { RecordingWorld } from './world.js';

Given('{string} is on the exclusion list', function (this: RecordingWorld, entry: string) {
  this.settings.exclusions.push(entry);
});

Given('the direct line of {string} is on the exclusion list', function (this: RecordingWorld, employee: string) {
  this.settings.exclusions.push(this.directLineOf(employee));
});

When('the admin adds {string} to the exclusion list', function (this: RecordingWorld, entry: string) {
  this.settings.exclusions.push(entry);
});

// EXC-1: what the Add Number pop-up and a spreadsheet cell accept.

interface EntryWorld {
  entry?: Parsed<ExclusionEntry>;
}

When('the admin enters {string} as an exclusion', function (this: RecordingWorld & EntryWorld, typed: string) {
  this.entry = normalizeExclusionEntry(typed);
});

When('a spreadsheet cell holds the plain number {int}', function (this: RecordingWorld & EntryWorld, cell: number) {
  this.entry = normalizeExclusionEntry(cell);
});

function entryOf(world: EntryWorld): Parsed<ExclusionEntry> {
  assert.ok(world.entry, 'no entry was read');
  return world.entry;
}

Then('it is listed as the number {string}, shown as {string}', function (this: EntryWorld, stored: string, shown: string) {
  assert.deepEqual(entryOf(this), { ok: true, value: { entry: stored, kind: 'number', display: shown } });
});

Then('it is listed as the area code {string}, shown as {string}', function (this: EntryWorld, stored: string, shown: string) {
  assert.deepEqual(entryOf(this), { ok: true, value: { entry: stored, kind: 'area-code', display: shown } });
});

Then('it is refused: {string}', function (this: EntryWorld, reason: string) {
  assert.deepEqual(entryOf(this), { ok: false, reason });
});

/**
 * Consent by the customer's location (CNS-1..5) through the API: the consent settings saved with
 * `PUT /recording-settings` (their `consent`, complete, with the revision read as If-Match) as the
 * account's admin, the product's region table (`GET /consent/regions`), and the `consent` of every
 * answer of a live call (consent-calls.steps.ts places the calls). The sentences are those of the
 * engine's steps (../settings.steps.ts, ../account.steps.ts, ../decision.steps.ts); regions are named as
 * policy-core's `REGIONS` names them, modes, treatments and statuses by their `LABELS`.
 */
import assert from 'node:assert/strict';
import { type ConsentMode, type ConsentStatus, LABELS, type UnknownRegionTreatment } from '@ccp/policy-core';
import { type DataTable, Given, Then, When } from '@cucumber/cucumber';
import { defineConsentTraceSteps } from '../shared/consent-trace.js';
import { regionName } from '../vocabulary.js';
import './vocabulary.js';
import { type ConsentApiWorld, decision, decisions, saveUnsavedSettings } from './consent-world.js';
import { type ConsentSettings, expectProblem, expectStatus, type RecordingSettings, type Tenant } from './world.js';

type World = ConsentApiWorld;

/** `GET /consent/regions`: the product's region table. */
interface RegionTable {
  items: { code: string; name: string; allPartyByDefault: boolean; disputed: string | null; areaCodes: string[] }[];
}

/** Saves the account's consent settings as its admin (a Given: how the account came to be); fails unless 200. */
async function saveConsent(world: World, change: (consent: ConsentSettings) => void): Promise<void> {
  const tenant = await world.theAccount();
  expectStatus(await world.putSettings(tenant.admin, tenant, (settings) => change(settings.consent)), 200);
}

// CNS-2..4: the consent settings, as the Given steps describe them

Given('a new account', async function (this: World) {
  // GLB-1: the account the scenario created, with nothing said about consent.
  await this.theAccount();
});

Given('the consent mode is {consentMode}', async function (this: World, mode: ConsentMode) {
  await saveConsent(this, (consent) => {
    consent.mode = mode;
  });
});

Given('customers whose region is unknown are set to {unknownRegion}', async function (this: World, treatment: UnknownRegionTreatment) {
  await saveConsent(this, (consent) => {
    consent.unknownRegion = treatment;
  });
});

Given('{region} is on the all-party consent list', async function (this: World, region: string) {
  await saveConsent(this, (consent) => {
    if (!consent.regions.includes(region)) consent.regions.push(region);
  });
});

Given('{region} is not on the all-party consent list', async function (this: World, region: string) {
  await saveConsent(this, (consent) => {
    consent.regions = consent.regions.filter((code) => code !== region);
  });
});

Given('the all-party consent list holds only {regions}', async function (this: World, regions: string[]) {
  await saveConsent(this, (consent) => {
    consent.regions = [...regions];
  });
});

Given('the all-party consent list is empty', async function (this: World) {
  await saveConsent(this, (consent) => {
    consent.regions = [];
  });
});

// HIS-2: the admin changes the settings, then saves them while a call is in progress: they decide its next events.

When('the admin changes the consent mode to {consentMode}', function (this: World, mode: ConsentMode) {
  this.unsaved = [
    ...(this.unsaved ?? []),
    (settings) => {
      settings.consent.mode = mode;
    },
  ];
});

When('the admin saves these settings while the call is in progress', async function (this: World) {
  const call = this.currentCall();
  assert.ok(call.steps.length > 0 && !call.endedAt, 'no call is in progress: settings saved now apply to the next call');
  const saved = await saveUnsavedSettings(this);
  assert.ok(saved, 'the admin changed nothing to save');
  call.savedBeforeEvent = call.steps.length;
});

// GLB-1: the consent settings as the console's consent screen reads them

async function consentOf(world: World, tenant?: Tenant): Promise<ConsentSettings> {
  return (await world.settingsOf(tenant ?? (await world.theAccount()))).consent;
}

Then('its consent settings are:', async function (this: World, table: DataTable) {
  const consent = await consentOf(this);
  assert.deepEqual(
    [
      ['Recording consent', LABELS.consentMode[consent.mode]],
      ['Customers whose region is unknown', LABELS.unknownRegion[consent.unknownRegion]],
    ],
    table.raw(),
  );
});

/** The all-party list as the console shows it: each region's name, and "disputed" where sources disagree (`GET /consent/regions`). */
Then('its all-party consent list is:', async function (this: World, table: DataTable) {
  const tenant = await this.theAccount();
  const { regions } = await consentOf(this, tenant);
  const { items } = await this.read<RegionTable>(tenant.admin, '/consent/regions');
  const unknown = regions.filter((code) => !items.some((region) => region.code === code));
  assert.deepEqual(unknown, [], "the list should hold only regions of the product's table");
  const listed = items.filter((region) => regions.includes(region.code));
  assert.deepEqual(listed.map((region) => [region.name, region.disputed === null ? '' : 'disputed']).sort(), table.rows().sort());
});

// Saving the consent settings through the API (what only the API and the console do)

When(
  'its admin saves {consentMode} with {region} unticked in the all-party consent list',
  async function (this: World, mode: ConsentMode, region: string) {
    const tenant = this.tenant();
    await this.act(() =>
      this.putSettings(tenant.admin, tenant, (settings) => {
        settings.consent.mode = mode;
        settings.consent.regions = settings.consent.regions.filter((code) => code !== region);
      }),
    );
  },
);

Then('{region} is no longer on the all-party consent list', async function (this: World, region: string) {
  const answer = this.answer();
  expectStatus(answer, 200);
  const tenant = this.tenant();
  const before = (this.stateBefore(tenant).settings as RecordingSettings).consent.regions;
  assert.ok(before.includes(region), `${regionName(region)} was not on the list before`);
  const expected = before.filter((code) => code !== region);
  assert.deepEqual(answer.json<RecordingSettings>().consent.regions, expected, 'the answer to the save');
  assert.deepEqual((await consentOf(this, tenant)).regions, expected, 'the settings read back');
});

When('its admin adds the region {string} to the all-party consent list', async function (this: World, code: string) {
  const tenant = this.tenant();
  await this.act(() =>
    this.putSettings(tenant.admin, tenant, (settings) => {
      this.sentAt = settings.consent.regions.length;
      settings.consent.regions = [...settings.consent.regions, code];
    }),
  );
});

Then("they are refused because {string} is not a region of the product's table", async function (this: World, code: string) {
  const problem = expectProblem(this.answer(), 422, 'validation-failed');
  const errors = problem.errors as { path: string; message: string; rule?: string }[];
  const path = `consent.regions[${this.sentAt}]`;
  assert.deepEqual(
    errors.map((error) => ({ path: error.path, rule: error.rule, names: error.message.includes(JSON.stringify(code)) })),
    [{ path, rule: 'CNS-2', names: true }],
    `the refusal should name ${JSON.stringify(code)} at ${path}: ${JSON.stringify(errors)}`,
  );
  const { items } = await this.read<RegionTable>(this.tenant().admin, '/consent/regions');
  assert.ok(!items.some((region) => region.code === code.toUpperCase()), `the product's table lists ${code}`);
});

Then('its recording settings are unchanged', async function (this: World) {
  const tenant = this.tenant();
  assert.deepEqual(await this.stateOf(tenant), this.stateBefore(tenant), 'settings, lists and audit log as before the action');
});

// CNS-1..5: the `consent` of the API's answer to the last event

Then("the customer's region is {region} from the area code", function (this: World, region: string) {
  const { consent } = decision(this);
  assert.deepEqual(
    { region: regionName(consent.region), basis: consent.basis },
    { region: regionName(region), basis: 'area-code' },
    "the region should come from the customer number's area code",
  );
});

Then("the customer's region is {region} from the customer's account", function (this: World, region: string) {
  const { consent } = decision(this);
  assert.deepEqual(
    { region: regionName(consent.region), basis: consent.basis },
    { region: regionName(region), basis: 'account' },
    "the region should be the one the telephony side sent from the customer's account",
  );
});

Then("the customer's region is unknown", function (this: World) {
  const { consent } = decision(this);
  assert.deepEqual({ region: consent.region, basis: consent.basis }, { region: null, basis: 'unknown' });
});

Then('the customer hears the recording notice', function (this: World) {
  assert.equal(decision(this).consent.announce, true, 'the telephony side should play the recording notice');
});

Then('the customer does not hear the recording notice', function (this: World) {
  assert.equal(decision(this).consent.announce, false, 'the telephony side should play no recording notice');
});

Then('consent is {consentStatus}', function (this: World, status: ConsentStatus) {
  const actual = decision(this).consent.status;
  assert.equal(LABELS.consentStatus[actual] ?? actual, LABELS.consentStatus[status]);
});

// Consent over the whole call: the trace of every answer, and what was recorded after a refusal.
defineConsentTraceSteps((world: World) => decisions(world), 'answer');

/**
 * Bulk uploads of the exclusion list through the API (EXC-8, EXC-10): `POST /exclusions/uploads`,
 * then `GET /exclusions/uploads/{id}` as the console follows it, until the worker has imported it.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DataTable, Given, Then, When } from '@cucumber/cucumber';
import { queueCall, type Telephony, telephonyOf } from './calls.steps.js';
import { storedEntry } from './exclusions.steps.js';
import { type File, type SpreadsheetFormat, spreadsheet } from './spreadsheets.js';
import { type ApiWorld, expectProblem, expectStatus, type Person } from './world.js';

/** `GET /exclusions/uploads/{id}`. */
export interface UploadState {
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  imported: number;
  duplicates: number;
  rejectedCount: number;
  rejected: { row: number; value: string; reason: string }[];
  error?: string;
  createdBy: string;
}

/** An upload as the person who sent it saw it: every state read while it ran, the last once it ended. */
interface FollowedUpload {
  readonly id: string;
  readonly person: Person;
  readonly file: File;
  readonly seen: UploadState[];
}

/** A call decided while a replace ran: from the number only the old list holds, or the one only the new list holds. */
interface Decision {
  readonly from: 'old' | 'new';
  readonly excluded: boolean;
  readonly settingsVersion: string;
}

export interface UploadWorld {
  upload?: FollowedUpload;
  decisions?: Decision[];
}

type World = ApiWorld & UploadWorld;

/** How often the console asks how an upload goes: often enough to see the progress of a few seconds' import. */
const POLL_MS = 50;
/** 100,000 rows take a few seconds; a loaded machine (the API's tests beside these) takes longer. */
const UPLOAD_TIMEOUT_MS = 90_000;
const UPLOAD_STEP = { timeout: UPLOAD_TIMEOUT_MS + 30_000 };

/**
 * Uploads a file as `person` (the action's answer is the `POST`'s); once it is accepted, reads the
 * upload as they would until it ends.
 */
export async function upload(world: World, person: Person, file: File, mode: 'add' | 'replace'): Promise<void> {
  const form = new FormData();
  form.append('mode', mode);
  form.append('file', new Blob([file.bytes]), file.name);
  await world.act(() => world.send(person, 'POST', '/exclusions/uploads', { body: form }));
  world.upload = undefined;
  const answer = world.answer();
  if (answer.status !== 202) return;
  const { uploadId } = answer.json<{ uploadId: string }>();
  const seen: UploadState[] = [];
  const deadline = Date.now() + UPLOAD_TIMEOUT_MS;
  for (;;) {
    const state = await world.read<UploadState>(person, `/exclusions/uploads/${uploadId}`);
    seen.push(state);
    if (state.status === 'done' || state.status === 'failed') break;
    assert.ok(Date.now() < deadline, `the upload is still ${state.status} after ${UPLOAD_TIMEOUT_MS / 1000} s`);
    await sleep(POLL_MS);
  }
  world.upload = { id: uploadId, person, file, seen };
}

/** The upload of the last action, done: how it ended. */
export function doneUpload(world: World): FollowedUpload & { readonly last: UploadState } {
  expectStatus(world.answer(), 202);
  assert.ok(world.upload, 'nothing was uploaded');
  const last = world.upload.seen.at(-1) as UploadState;
  assert.equal(last.status, 'done', `the upload ended ${last.status}: ${last.error}`);
  return { ...world.upload, last };
}

// EXC-8: add and replace

When('its admin uploads a CSV file to add to the list:', UPLOAD_STEP, async function (this: World, table: DataTable) {
  const rows = table.raw().map(([cell]) => cell ?? '');
  await upload(this, this.tenant().admin, spreadsheet('csv', rows), 'add');
});

Then(
  'the upload reports {int} imported, {int} duplicates and row {int} rejected because {string}',
  function (this: World, imported: number, duplicates: number, row: number, reason: string) {
    const { last } = doneUpload(this);
    assert.deepEqual(
      {
        imported: last.imported,
        duplicates: last.duplicates,
        rejectedCount: last.rejectedCount,
        rejected: last.rejected.map((rejected) => ({ row: rejected.row, reason: rejected.reason })),
      },
      { imported, duplicates, rejectedCount: 1, rejected: [{ row, reason }] },
    );
  },
);

/** A number of the first list that the second does not hold: a call from it tells which list decided. */
function numberOnlyOn(list: readonly string[], other: readonly string[]): string {
  const listed = new Set(other.map((entry) => storedEntry(entry).entry));
  // Neither the number nor its area code (+1 NPA …) is on the other list.
  const only = list
    .map(storedEntry)
    .find((entry) => entry.kind === 'number' && !listed.has(entry.entry) && !listed.has(entry.entry.slice(2, 5)));
  assert.ok(only, `no number of ${list.join(', ')} is off ${other.join(', ')}`);
  return only.display;
}

async function decide(world: World, telephony: Telephony, from: Decision['from'], customer: string): Promise<Decision> {
  const [started, connected, answered] = (await queueCall(world, telephony, customer)).answers;
  assert.ok(started && connected && answered);
  expectStatus(started, 201);
  expectStatus(connected, 200);
  expectStatus(answered, 200);
  return {
    from,
    excluded: answered.json<{ rules: string[] }>().rules.includes('EXC-2'),
    // The list is read when the call connects: the other party is known then (EXC-2).
    settingsVersion: connected.json<{ settingsVersion: string }>().settingsVersion,
  };
}

When(
  'its admin uploads a {spreadsheet} file holding {names} to replace the list',
  UPLOAD_STEP,
  async function (this: World, format: SpreadsheetFormat, entries: string[]) {
    const tenant = this.tenant();
    const old = await this.exclusionsOf(tenant);
    const telephony = await telephonyOf(this, tenant);
    const customers = { old: numberOnlyOn(old, entries), new: numberOnlyOn(entries, old) } as const;
    const decisions: Decision[] = [];
    const decideBoth = async () => {
      decisions.push(await decide(this, telephony, 'old', customers.old));
      decisions.push(await decide(this, telephony, 'new', customers.new));
    };
    const newListDecides = () => decisions.slice(-2).every((decision) => decision.excluded === (decision.from === 'new'));
    // Calls come all the time: from before the upload is sent until the new list decides them (the
    // swap follows the import), or the upload failed.
    await decideBoth();
    let ended = false;
    const enough = () => ended && (newListDecides() || this.upload?.seen.at(-1)?.status !== 'done');
    const deciding = (async () => {
      const deadline = Date.now() + UPLOAD_TIMEOUT_MS;
      do await decideBoth();
      while (!enough() && Date.now() < deadline);
    })();
    // Awaited below: this only keeps a failure before then from counting as unhandled.
    deciding.catch(() => {});
    try {
      await upload(this, tenant.admin, spreadsheet(format, entries), 'replace');
    } finally {
      ended = true;
      await deciding;
    }
    this.decisions = decisions;
  },
);

Then('no call was decided with a half-replaced list', function (this: World) {
  const decisions = this.decisions ?? [];
  // Which whole list each decision agrees with: a half-replaced one would exclude both numbers, or neither.
  const lists = decisions.map((decision) => (decision.excluded === (decision.from === 'old') ? 'old' : 'new'));
  const shown = decisions.map((d, i) => `${d.from} number ${d.excluded ? 'excluded' : 'recorded'} by ${d.settingsVersion} (${lists[i]})`);
  const byVersion = new Map<string, Set<string>>();
  decisions.forEach((decision, i) => {
    byVersion.set(decision.settingsVersion, (byVersion.get(decision.settingsVersion) ?? new Set()).add(lists[i] as string));
  });
  assert.ok(
    [...byVersion.values()].every((agreed) => agreed.size === 1) && byVersion.size === 2,
    `each decision is the old list's or the new list's, each under its own version:\n${shown.join('\n')}`,
  );
  // The old list decided until the swap, the new one since: once, never back.
  const swap = lists.indexOf('new');
  assert.ok(
    swap > 0 && lists.slice(swap).every((list) => list === 'new'),
    `the calls went from the old list to the new one once:\n${shown.join('\n')}`,
  );
});

When('its admin uploads a PDF file to replace the list', async function (this: World) {
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await upload(this, this.tenant().admin, { name: 'do-not-record.pdf', bytes: pdf }, 'replace');
});

Then('they are told the file cannot be read as a CSV or XLSX spreadsheet', function (this: World) {
  const problem = expectProblem(this.answer(), 422, 'rule-violation');
  assert.equal(problem.rule, 'EXC-8');
  assert.match(String(problem.detail), /not a spreadsheet.*CSV or XLSX/);
  assert.deepEqual(
    (problem.errors as { path: string }[]).map((error) => error.path),
    ['file'],
  );
});

// EXC-10: in the background, with progress

When(/^its admin uploads an XLSX file of ([\d,]+) numbers to add to the list$/, UPLOAD_STEP, async function (this: World, count: string) {
  // (415) 200-0000, (415) 200-0001, …: all valid, all different.
  const numbers = Array.from({ length: Number(count.replace(/,/g, '')) }, (_, i) => {
    const digits = String(2_000_000 + i);
    return `(415) ${digits.slice(0, 3)}-${digits.slice(3)}`;
  });
  await upload(this, this.tenant().admin, spreadsheet('xlsx', numbers), 'add');
});

Then("the upload's progress is shown while it runs", function (this: World) {
  const { seen } = doneUpload(this);
  const shown = seen.map((state) => `${state.status} ${state.progress}`).join(', ');
  assert.ok(
    seen.some((state) => state.status === 'running' && state.progress > 0 && state.progress < 1),
    `no progress was shown while it ran: ${shown}`,
  );
  const order = ['queued', 'running', 'done'];
  for (let i = 1; i < seen.length; i++) {
    const [before, after] = [seen[i - 1] as UploadState, seen[i] as UploadState];
    assert.ok(after.progress >= before.progress && order.indexOf(after.status) >= order.indexOf(before.status), `it went back: ${shown}`);
  }
  assert.equal(seen.at(-1)?.progress, 1, `it ended at ${shown}`);
});

Then(
  'when it ends the admin who uploaded sees how many numbers were imported, were duplicates and were rejected',
  async function (this: World) {
    const { id, person, file } = doneUpload(this);
    const now = await this.read<UploadState>(person, `/exclusions/uploads/${id}`);
    // Every number of the file was new and valid.
    assert.deepEqual(
      { imported: now.imported, duplicates: now.duplicates, rejectedCount: now.rejectedCount, rejected: now.rejected, by: now.createdBy },
      { imported: file.rows, duplicates: 0, rejectedCount: 0, rejected: [], by: person.email },
    );
  },
);

// ACC-3: uploads are the account's own

Given(
  'the admin of {string} has uploaded a CSV file to add to its exclusion list',
  UPLOAD_STEP,
  async function (this: World, name: string) {
    await upload(this, this.tenant(name).admin, spreadsheet('csv', ['(212) 555-0123', '646*']), 'add');
    doneUpload(this);
  },
);

When('an admin of {string} asks how that upload went', async function (this: World, name: string) {
  assert.ok(this.upload, 'nothing was uploaded');
  const id = this.upload.id;
  await this.act(() => this.send(this.tenant(name).admin, 'GET', `/exclusions/uploads/${id}`));
});

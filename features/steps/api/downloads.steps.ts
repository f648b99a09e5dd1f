/**
 * Downloads of the exclusion list (EXC-9): `GET /exclusions/export?format=csv|xlsx` answers the file
 * itself, which uploads again unchanged; an empty list gives its header row alone.
 */
import assert from 'node:assert/strict';
import { normalizeExclusionEntry } from '@ccp/policy-core';
import { Then, When } from '@cucumber/cucumber';
import type { Answer } from './http.js';
import { rowsOf, type SpreadsheetFormat } from './spreadsheets.js';
import { doneUpload, type UploadWorld, upload } from './uploads.steps.js';
import { type ApiWorld, type ExclusionItem, expectStatus, type Tenant } from './world.js';

interface Download {
  readonly tenant: Tenant;
  readonly format: SpreadsheetFormat;
  readonly answer: Answer;
  /** The list as its admin read it just before. */
  readonly list: ExclusionItem[];
}

type World = ApiWorld & UploadWorld & { download?: Download };

const CONTENT_TYPES: Record<SpreadsheetFormat, RegExp> = {
  csv: /^text\/csv/,
  xlsx: /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
};

async function download(world: World, tenant: Tenant, format: SpreadsheetFormat): Promise<void> {
  const list = (world.stateBefore(tenant).exclusions as { items: ExclusionItem[] }).items;
  await world.act(() => world.send(tenant.admin, 'GET', `/exclusions/export?format=${format}`, { headers: { accept: '*/*' } }));
  world.download = { tenant, format, answer: world.answer(), list };
}

/** The file of the last download, as it came. */
function downloaded(world: World): Download {
  assert.ok(world.download, 'nothing was downloaded');
  const { answer, format } = world.download;
  expectStatus(answer, 200);
  assert.match(String(answer.headers['content-type']), CONTENT_TYPES[format]);
  return world.download;
}

When('its admin downloads the exclusion list as {spreadsheet}', async function (this: World, format: SpreadsheetFormat) {
  await download(this, this.tenant(), format);
});

When(
  'an admin of {string} downloads the exclusion list as {spreadsheet}',
  async function (this: World, name: string, format: SpreadsheetFormat) {
    await download(this, this.tenant(name), format);
  },
);

When('uploads that file to replace the list', { timeout: 120_000 }, async function (this: World) {
  const { tenant, format, answer } = downloaded(this);
  await upload(this, tenant.admin, { name: `exclusion-list.${format}`, bytes: answer.bytes }, 'replace');
});

Then('the exclusion list holds exactly what it held before', async function (this: World) {
  const { tenant, list } = downloaded(this);
  const { last } = doneUpload(this);
  // Every row of the file read back as the entry it was written from: the header is no rejected row.
  assert.deepEqual(
    { imported: last.imported, duplicates: last.duplicates, rejected: last.rejected },
    { imported: list.length, duplicates: 0, rejected: [] },
  );
  // Who added an entry and when are the replace's own; the entries are the same, as the console shows them.
  const entries = (items: ExclusionItem[]) => items.map(({ entry, kind, display }) => ({ entry, kind, display }));
  const now = await this.read<{ items: ExclusionItem[] }>(tenant.admin, '/exclusions?limit=500');
  assert.deepEqual(entries(now.items), entries(list));
});

Then('the file holds only its header row', function (this: World) {
  const rows = rowsOf(downloaded(this).answer.bytes);
  assert.equal(rows.length, 1, `the file holds ${rows.length} rows: ${JSON.stringify(rows)}`);
  // A header: text, and no number or area code.
  const first = rows[0]?.[0] ?? '';
  assert.ok(/[a-z]/i.test(first) && !normalizeExclusionEntry(first).ok, `the only row is ${JSON.stringify(rows[0])}, not a header`);
});

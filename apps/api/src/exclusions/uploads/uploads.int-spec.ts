import { type RejectedRow, type Upload, UploadSchema } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { MAX_UPLOAD_BYTES, REJECTED_ROWS_SHOWN, sniffSpreadsheet } from '@ccp/imports';
import { changeEntry, smallXlsx, XLSX_SHEET_ENTRY, xlsxClaimingToUnzipTo, xlsxWithZip64Claim } from '@ccp/imports/testing';
import { EXCLUSION_IMPORT_JOB_OPTIONS, exclusionImportJobId, QUEUES } from '@ccp/jobs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { LogCapture } from '../../../test/app.js';
import { type FormPart, multipartForm } from '../../../test/multipart.js';
import { apiTestbed } from '../../../test/testbed.js';
import { Database } from '../../database/database.js';

const UPLOADS = '/api/v1/exclusions/uploads';
const CSV = Buffer.from('Number\r\n(415) 555-0100\r\n415\r\n555-01\r\n');

function xlsxFile(rows: unknown[][]): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'List');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

describe.each(TEST_DRIVERS)('exclusion-list uploads on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, emptyQueues: [QUEUES.exclusionImports] });
  const queue = () => bed.jobQueue(QUEUES.exclusionImports);

  const upload = (parts: readonly FormPart[], authorization = bed.admin) => {
    const { payload, headers } = multipartForm(parts);
    return bed.app.inject({ method: 'POST', url: UPLOADS, payload, headers: { ...headers, authorization } });
  };
  const file = (value: Buffer | string, fileName = 'list.csv'): FormPart => ({ name: 'file', value, fileName });
  const mode = (value: string): FormPart => ({ name: 'mode', value });
  const get = (url: string, authorization = bed.admin) => bed.app.inject({ method: 'GET', url, headers: { authorization } });
  const row = (id: string) =>
    bed.app
      .get(Database)
      .em()
      .findOne(UploadSchema, { id }, { populate: ['content'] });
  const uploadCount = () => bed.app.get(Database).em().count(UploadSchema, {});
  const jobCount = async () => Object.values(await queue().getJobCounts()).reduce((sum, n) => sum + n, 0);
  const simulateWorker = (id: string, fields: Partial<Omit<Upload, 'id' | 'account'>>) =>
    bed.app.get(Database).em().nativeUpdate(UploadSchema, { id }, fields);
  const rejectedRows = (n: number): RejectedRow[] =>
    Array.from({ length: n }, (_, i) => ({ row: i + 2, value: `555-${i}`, reason: `"555-${i}" is not a phone number` }));

  it('EXC-8: a CSV answers 202 with the upload id and Location; the file and its row are stored, queued, then the job', async () => {
    const res = await upload([file(CSV, 'do-not-record.csv'), mode('add')]);
    expect(res.statusCode, res.body).toBe(202);
    const { uploadId } = res.json();
    expect(uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.location).toBe(`${UPLOADS}/${uploadId}`);

    const stored = await row(uploadId);
    expect(stored).toMatchObject({
      fileName: 'do-not-record.csv',
      mode: 'add',
      status: 'queued',
      imported: 0,
      duplicates: 0,
      rejectedCount: 0,
      rejected: [],
      error: null,
      createdBy: 'admin@demo.test',
      finishedAt: null,
    });
    expect(Number(stored?.progress)).toBe(0);
    expect(stored?.account.id).toBe(bed.accountId);
    expect(Buffer.from(stored?.content as Buffer).equals(CSV)).toBe(true);

    const job = await queue().getJob(exclusionImportJobId(uploadId));
    expect(job?.name).toBe('import do-not-record.csv for demo');
    expect(job?.data).toEqual({ accountId: bed.accountId, uploadId });
    expect(job?.opts).toMatchObject({ attempts: EXCLUSION_IMPORT_JOB_OPTIONS.attempts, backoff: EXCLUSION_IMPORT_JOB_OPTIONS.backoff });
    // Stored first: the row was created before the job was added.
    expect(job?.timestamp).toBeGreaterThanOrEqual(stored?.createdAt.getTime() ?? Number.POSITIVE_INFINITY);
  });

  it('EXC-8: the upload is in the audit log with its file name, mode, format and size (ACC-4)', async () => {
    const { uploadId } = (
      await upload([file(xlsxFile([['Number'], ['(415) 555-0100'], [4155550101]]), 'list.xlsx'), mode('replace')])
    ).json();
    const audit = (await get('/api/v1/audit?action=exclusion-upload.created&limit=200')).json().items;
    const entry = audit.find((item: { target: string }) => item.target === uploadId);
    expect(entry).toMatchObject({
      actorName: 'admin@demo.test',
      after: { fileName: 'list.xlsx', mode: 'replace', format: 'xlsx', bytes: expect.any(Number) },
    });
    expect(await row(uploadId)).toMatchObject({ mode: 'replace', status: 'queued' });
  });

  it('EXC-8: a file over the limit is 413 naming the limit, and nothing is stored or queued', async () => {
    const [uploads, jobs] = [await uploadCount(), await jobCount()];
    const res = await upload([mode('add'), file(Buffer.alloc(MAX_UPLOAD_BYTES + 1, '4155550100\n'))]);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ type: 'https://ccp.example/problems/payload-too-large', status: 413 });
    expect(res.json().detail).toContain('larger than 100 MB');
    expect([await uploadCount(), await jobCount()]).toEqual([uploads, jobs]);
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'report.pdf'],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'list.csv'],
    ['an empty file', Buffer.alloc(0), 'empty.csv'],
    ['a file of blank lines', Buffer.from('\r\n  \r\n'), 'blank.csv'],
    ['a zip bomb (a workbook that would unzip to 2 GB)', Buffer.from(xlsxClaimingToUnzipTo(2_000_000_000)), 'bomb.xlsx'],
    ['a workbook whose ZIP64 field claims 3 GB (issue 13)', Buffer.from(xlsxWithZip64Claim(3 * 1024 ** 3)), 'zip64.xlsx'],
    [
      'a workbook whose local header claims another size than its central directory (issue 13)',
      Buffer.from(
        smallXlsx((entries) =>
          changeEntry(entries, XLSX_SHEET_ENTRY, (entry) => ({ ...entry, local: { uncompressedSize: 250 * 1024 ** 2 } })),
        ),
      ),
      'forged.xlsx',
    ],
    ['a ZIP archive that is not a workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x61]), 'list.xlsx'],
  ])('EXC-8: %s is 422 with the reason (rule EXC-8, errors on file), and nothing is stored or queued', async (_, bytes, fileName) => {
    const [uploads, jobs] = [await uploadCount(), await jobCount()];
    const res = await upload([file(bytes, fileName), mode('add')]);
    expect(res.statusCode).toBe(422);
    const sniffed = sniffSpreadsheet(bytes, fileName);
    if (sniffed.ok) throw new Error(`${fileName} is a spreadsheet to @ccp/imports`);
    expect(res.json()).toMatchObject({
      type: 'https://ccp.example/problems/rule-violation',
      rule: 'EXC-8',
      detail: sniffed.reason,
      errors: [{ path: 'file', message: sniffed.reason }],
    });
    expect([await uploadCount(), await jobCount()]).toEqual([uploads, jobs]);
  });

  it.each([
    ['no mode', [file(CSV)], 'mode', 'mode is required'],
    ['a mode that is neither add nor replace', [file(CSV), mode('merge')], 'mode', 'mode must be add (to the list) or replace'],
    ['no file', [mode('add')], 'file', 'file is required'],
    ['a file in another field', [{ ...file(CSV), name: 'upload' }, mode('add')], 'upload', 'upload is not a field of an upload'],
    ['two files', [file(CSV), file(CSV, 'again.csv'), mode('add')], 'file', 'send one file'],
    ['an unknown field', [file(CSV), mode('add'), { name: 'note', value: 'vip' }], 'note', 'should not exist'],
  ] as const)('%s is 422 naming the field, and nothing is stored or queued', async (_, parts, path, message) => {
    const [uploads, jobs] = [await uploadCount(), await jobCount()];
    const res = await upload(parts);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect([await uploadCount(), await jobCount()]).toEqual([uploads, jobs]);
  });

  it('a request that is not multipart is 422 naming file', async () => {
    const res = await bed.app.inject({ method: 'POST', url: UPLOADS, payload: { mode: 'add' }, headers: { authorization: bed.admin } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'file', message: expect.stringContaining('file is required') }]);
  });

  it('EXC-10: the status follows the worker: queued, running with progress, then done with counts and the first rejected rows', async () => {
    const { uploadId } = (await upload([file(CSV, 'progress.csv'), mode('add')])).json();
    const url = `${UPLOADS}/${uploadId}`;
    const queued = await get(url);
    expect(queued.statusCode).toBe(200);
    expect(queued.json()).toEqual({
      id: uploadId,
      fileName: 'progress.csv',
      mode: 'add',
      status: 'queued',
      progress: 0,
      imported: 0,
      duplicates: 0,
      rejectedCount: 0,
      rejected: [],
      createdAt: expect.any(String),
      createdBy: 'admin@demo.test',
      finishedAt: null,
    });
    expect(Date.now() - Date.parse(queued.json().createdAt)).toBeLessThan(60_000);

    await simulateWorker(uploadId, { status: 'running', progress: 0.4 });
    expect((await get(url)).json()).toMatchObject({ status: 'running', progress: 0.4, finishedAt: null });

    const finishedAt = new Date();
    await simulateWorker(uploadId, {
      status: 'done',
      progress: 1,
      imported: 9_700,
      duplicates: 150,
      rejectedCount: 150,
      rejected: rejectedRows(150),
      finishedAt,
    });
    const done = (await get(url)).json();
    expect(done).toMatchObject({ status: 'done', progress: 1, imported: 9_700, duplicates: 150, rejectedCount: 150 });
    expect(done.finishedAt).toBe(finishedAt.toISOString());
    expect(done.rejected).toHaveLength(REJECTED_ROWS_SHOWN);
    expect(done.rejected[0]).toEqual({ row: 2, value: '555-0', reason: '"555-0" is not a phone number' });
    expect(done).not.toHaveProperty('error');
  });

  it('EXC-8: a failed upload says why', async () => {
    const { uploadId } = (await upload([file(CSV, 'fails.csv'), mode('replace')])).json();
    await simulateWorker(uploadId, {
      status: 'failed',
      error: 'The file has 1,000,001 rows: an upload may have at most 1,000,000',
      finishedAt: new Date(),
    });
    expect((await get(`${UPLOADS}/${uploadId}`)).json()).toMatchObject({
      status: 'failed',
      error: 'The file has 1,000,001 rows: an upload may have at most 1,000,000',
      finishedAt: expect.any(String),
    });
  });

  it('EXC-8: the rejected rows download as CSV, saying how many of all of them it holds', async () => {
    const { uploadId } = (await upload([file(CSV, 'My list.csv'), mode('add')])).json();
    const empty = await get(`${UPLOADS}/${uploadId}/rejected.csv`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toBe('row,value,reason\r\n');

    await simulateWorker(uploadId, {
      status: 'done',
      rejectedCount: 4,
      rejected: rejectedRows(2).concat(
        { row: 9, value: 'a,b', reason: 'x' },
        { row: 10, value: '-2+3', reason: '"-2+3" is not a phone number: not a number' },
      ),
    });
    const res = await get(`${UPLOADS}/${uploadId}/rejected.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="My list-rejected.csv"; filename*=UTF-8''My%20list-rejected.csv`);
    expect(res.headers['x-rejected-total']).toBe('4');
    expect(res.headers['x-rejected-included']).toBe('4');
    // `-2+3` is arithmetic to a spreadsheet program: written as text, as the export writes it.
    expect(res.body).toBe(
      'row,value,reason\r\n2,555-0,"""555-0"" is not a phone number"\r\n3,555-1,"""555-1"" is not a phone number"\r\n9,"a,b",x\r\n' +
        '10,\'-2+3,"""-2+3"" is not a phone number: not a number"\r\n',
    );

    // Running: only the first rows are kept so far; the file says it holds 100 of 5,000.
    await simulateWorker(uploadId, { status: 'running', rejectedCount: 5_000, rejected: rejectedRows(REJECTED_ROWS_SHOWN) });
    const capped = await get(`${UPLOADS}/${uploadId}/rejected.csv`);
    expect(capped.headers['x-rejected-total']).toBe('5000');
    expect(capped.headers['x-rejected-included']).toBe(String(REJECTED_ROWS_SHOWN));
    expect(capped.body.trimEnd().split('\r\n')).toHaveLength(REJECTED_ROWS_SHOWN + 1);

    // Done: the worker stored every rejected row, and the download is all of them.
    const full = `row,value,reason\r\n${rejectedRows(5_000)
      .map((r) => `${r.row},${r.value},${r.reason.replaceAll('"', '')}`)
      .join('\r\n')}\r\n`;
    await simulateWorker(uploadId, { status: 'done', rejectedCsv: full });
    const all = await get(`${UPLOADS}/${uploadId}/rejected.csv`);
    expect(all.body).toBe(full);
    expect([all.headers['x-rejected-total'], all.headers['x-rejected-included']]).toEqual(['5000', '5000']);
    // The status keeps answering the first rows only.
    expect((await get(`${UPLOADS}/${uploadId}`)).json().rejected).toHaveLength(REJECTED_ROWS_SHOWN);
  });

  it("lists the account's uploads newest first, a page at a time", async () => {
    const all = (await get(`${UPLOADS}?limit=100`)).json();
    expect(all.nextCursor).toBeNull();
    expect(all.items.length).toBeGreaterThanOrEqual(5);
    const times = all.items.map((item: { createdAt: string }) => Date.parse(item.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.items[0]).not.toHaveProperty('rejected');

    const seen: string[] = [];
    let url = `${UPLOADS}?limit=2`;
    for (;;) {
      const page = (await get(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      if (page.nextCursor === null) break;
      url = `${UPLOADS}?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(all.items.map((item: { id: string }) => item.id));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('the list refuses %s naming the field (422)', async (query, path) => {
    const res = await get(`${UPLOADS}?${query}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path })]);
  });

  it("ACC-3: another account's admin gets 404 on this account's uploads and never sees them; their uploads are theirs", async () => {
    const { uploadId } = (await upload([file(CSV, 'mine.csv'), mode('add')])).json();
    const other = await bed.addAccount('other');
    const theirs = other.admin;
    for (const url of [`${UPLOADS}/${uploadId}`, `${UPLOADS}/${uploadId}/rejected.csv`]) {
      const res = await get(url, theirs);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ type: 'https://ccp.example/problems/not-found' });
    }
    expect((await get(UPLOADS, theirs)).json()).toEqual({ items: [], nextCursor: null });

    const created = await upload([file(CSV, 'theirs.csv'), mode('add')], theirs);
    expect(created.statusCode).toBe(202);
    const job = await queue().getJob(exclusionImportJobId(created.json().uploadId));
    expect(job?.data).toEqual({ accountId: other.accountId, uploadId: created.json().uploadId });
    expect(job?.name).toBe('import theirs.csv for other');
    expect((await get(`${UPLOADS}/${created.json().uploadId}`)).statusCode).toBe(404);
    expect((await get(`${UPLOADS}?limit=100`)).json().items.map((item: { id: string }) => item.id)).not.toContain(created.json().uploadId);
  });

  it('an id that is not an upload id is 404', async () => {
    for (const id of ['nope', '00000000-0000-4000-8000-000000000000', "1'; drop table uploads; --"]) {
      expect((await get(`${UPLOADS}/${encodeURIComponent(id)}`)).statusCode).toBe(404);
    }
  });

  it('ACC-2: a person without the permission gets 403 and stores nothing; ACC-1: an account without the feature gets 403', async () => {
    const uploads = await uploadCount();
    const viewer = await bed.login('viewer@demo.test');
    const refused = await upload([file(CSV), mode('add')], viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://ccp.example/problems/missing-permission');
    expect((await get(UPLOADS, viewer)).statusCode).toBe(403);
    const basic = await bed.login('admin@basic.test');
    expect((await upload([file(CSV), mode('add')], basic)).json().type).toBe('https://ccp.example/problems/feature-not-enabled');
    expect(await uploadCount()).toBe(uploads);
  });

  it('401 without a token', async () => {
    const { payload, headers } = multipartForm([file(CSV), mode('add')]);
    for (const res of [
      await bed.app.inject({ method: 'POST', url: UPLOADS, payload, headers }),
      await bed.app.inject({ method: 'GET', url: UPLOADS }),
      await bed.app.inject({ method: 'GET', url: `${UPLOADS}/00000000-0000-4000-8000-000000000000` }),
    ]) {
      expect(res.statusCode).toBe(401);
    }
  });

  it('the OpenAPI document describes the upload form and its answers', async () => {
    const document = (await bed.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json();
    const post = document.paths['/api/v1/exclusions/uploads'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(post.requestBody.content['multipart/form-data'].schema.required).toEqual(['file', 'mode']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['202', '401', '403', '413', '422']));
    expect(document.paths['/api/v1/exclusions/uploads'].get.responses).toHaveProperty('200');
    expect(document.paths['/api/v1/exclusions/uploads/{id}'].get.responses).toHaveProperty('404');
    const csv = document.paths['/api/v1/exclusions/uploads/{id}/rejected.csv'].get.responses['200'];
    expect(Object.keys(csv.content)).toEqual(['text/csv']);
    expect(Object.keys(csv.headers)).toEqual(['X-Rejected-Total', 'X-Rejected-Included']);
    expect(post.responses['202'].headers).toHaveProperty('Location');
  });
});

describe.each(TEST_DRIVERS)('exclusion-list uploads while Redis is away, on %s', (driver) => {
  const log = new LogCapture();
  const bed = apiTestbed(driver, { demo: true, ownRedis: true, env: { LOG_LEVEL: 'warn' }, app: { logStream: log } });

  it('EXC-8: still 202 when the enqueue fails: the upload stays stored and queued for the reconciler, with a warning', async () => {
    const { admin } = bed;
    await bed.redis.stop();
    const { payload, headers } = multipartForm([
      { name: 'file', value: CSV, fileName: 'offline.csv' },
      { name: 'mode', value: 'add' },
    ]);
    const started = Date.now();
    const res = await bed.app.inject({ method: 'POST', url: UPLOADS, payload, headers: { ...headers, authorization: admin } });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.statusCode, res.body).toBe(202);
    const { uploadId } = res.json();
    expect(await bed.app.get(Database).em().findOne(UploadSchema, { id: uploadId })).toMatchObject({
      status: 'queued',
      fileName: 'offline.csv',
    });
    const status = await bed.app.inject({ method: 'GET', url: `${UPLOADS}/${uploadId}`, headers: { authorization: admin } });
    expect(status.json()).toMatchObject({ status: 'queued', progress: 0 });
    expect(log.lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining(`Upload ${uploadId} of account demo is stored but not queued`) }),
    );
    const metrics = (await bed.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^ccp_job_enqueue_failures_total\{queue="exclusion-imports"\} 1$/m);
  });
});

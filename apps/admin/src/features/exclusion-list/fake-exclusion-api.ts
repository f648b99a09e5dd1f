import type { Schemas } from '../../api';

type Exclusion = Schemas['ExclusionDto'];
type Upload = Schemas['UploadDto'];

const PROBLEM = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The API's exclusion-list contract (api.md; apps/api src/exclusions), in memory and simplified:
 * cursor paging with `q`, EXC-1 refusals (422 on `entry`), EXC-6, uploads that advance one step per
 * poll, the rejected-rows CSV, and exports that answer 202 for a large XLSX.
 */
export class FakeExclusionApi {
  entries: Exclusion[] = [];
  readonly requests: string[] = [];
  readonly uploadsReceived: Array<{ mode: string; fileName: string; text: string }> = [];
  /** Polls an upload takes before it ends: queued, then running at half, then done. */
  uploadOutcome: Omit<Upload, 'id' | 'fileName' | 'mode' | 'status' | 'progress' | 'createdAt' | 'createdBy' | 'finishedAt'> = {
    imported: 0,
    duplicates: 0,
    rejectedCount: 0,
    rejected: [],
  };
  failUpload: string | null = null;
  /** The XLSX export is built by the worker (202), as for a list over 50,000 entries. */
  largeXlsx = false;
  private polls = 0;
  private exportPolls = 0;

  constructor(count = 0) {
    for (let i = 0; i < count; i++) this.put(`+1415555${String(i).padStart(4, '0')}`);
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.replace('/api/v1', '');
    this.requests.push(`${request.method} ${path}${url.search}`);
    if (request.headers.get('authorization') !== 'Bearer test-token') return problem(401, 'Not authenticated', 'Send a valid token');

    if (path === '/exclusions' && request.method === 'GET') return this.list(url.searchParams);
    if (path === '/exclusions' && request.method === 'POST') return this.add((await request.json()) as { entry: string });
    if (path.startsWith('/exclusions/') && request.method === 'DELETE' && !path.includes('/uploads'))
      return this.remove(decodeURIComponent(path.slice('/exclusions/'.length)));
    if (path === '/exclusions/uploads' && request.method === 'POST') return this.receive(await request.formData());
    if (/^\/exclusions\/uploads\/[^/]+\/rejected\.csv$/.test(path)) return this.rejectedCsv();
    if (/^\/exclusions\/uploads\/[^/]+$/.test(path)) return this.poll(path.split('/').at(-1) as string);
    if (path === '/exclusions/export') return this.export(url.searchParams.get('format') ?? '');
    if (path === '/exclusions/exports/export-1') return json(200, this.exportStatus());
    if (path === '/exclusions/exports/export-1/file') return file('exclusion-list-demo.xlsx', 'xlsx bytes');
    return problem(404, 'Not found', `No route ${request.method} ${path}`);
  };

  private put(entry: string): Exclusion {
    const areaCode = entry.length === 3;
    const exclusion: Exclusion = {
      entry,
      kind: areaCode ? 'area-code' : 'number',
      display: areaCode ? `${entry}*` : `(${entry.slice(2, 5)}) ${entry.slice(5, 8)}-${entry.slice(8)}`,
      addedAt: '2025-01-02T03:04:05.000Z',
      addedBy: 'admin@demo.test',
    };
    this.entries.push(exclusion);
    this.entries.sort((a, b) => Number(a.kind === 'area-code') - Number(b.kind === 'area-code') || a.entry.localeCompare(b.entry));
    return exclusion;
  }

  private list(params: URLSearchParams): Response {
    const q = params.get('q');
    if (q !== null && !/\d/.test(q))
      return problem(422, 'Invalid request', 'One field is not valid', {
        errors: [{ path: 'q', message: 'q must be the digits of a number or area code, e.g. 415, (415) 55 or 415*' }],
      });
    const digits = q?.replace(/\D/g, '') ?? '';
    const matching = this.entries.filter((e) => e.entry.replace(/\D/g, '').includes(digits));
    const start = Number(params.get('cursor') ?? 0);
    const limit = Number(params.get('limit') ?? 50);
    const items = matching.slice(start, start + limit);
    return json(200, { items, nextCursor: start + limit < matching.length ? String(start + limit) : null });
  }

  private add({ entry }: { entry: string }): Response {
    const digits = String(entry).replace(/\D/g, '');
    const normalized = digits.length === 3 ? digits : digits.length === 10 ? `+1${digits}` : digits.length === 11 ? `+${digits}` : null;
    if (!normalized) {
      const message = `"${entry}" is not a phone number or a 3-digit area code`;
      return problem(422, 'Forbidden by a recording rule', message, { rule: 'EXC-1', errors: [{ path: 'entry', message }] });
    }
    const existing = this.entries.find((e) => e.entry === normalized);
    if (existing) return json(200, { ...existing, alreadyPresent: true });
    return json(201, { ...this.put(normalized), alreadyPresent: false });
  }

  private remove(entry: string): Response {
    const index = this.entries.findIndex((e) => e.entry === entry);
    if (index < 0) return problem(404, 'Not found', `${entry} is not on the exclusion list`);
    this.entries.splice(index, 1);
    return new Response(null, { status: 204 });
  }

  private async receive(form: FormData): Promise<Response> {
    const upload = form.get('file');
    if (!(upload instanceof Blob) || upload.size === 0)
      return problem(422, 'Invalid request', 'The file is empty', { rule: 'EXC-8', errors: [{ path: 'file', message: 'file is empty' }] });
    this.uploadsReceived.push({ mode: String(form.get('mode')), fileName: (upload as File).name, text: await upload.text() });
    this.polls = 0;
    return json(202, { uploadId: 'upload-1' });
  }

  private poll(id: string): Response {
    const step = this.polls++;
    const received = this.uploadsReceived.at(-1);
    const status = step === 0 ? 'queued' : step === 1 ? 'running' : this.failUpload ? 'failed' : 'done';
    const ended = status === 'done' || status === 'failed';
    const upload: Upload = {
      id,
      fileName: received?.fileName ?? 'file.csv',
      mode: (received?.mode ?? 'add') as Upload['mode'],
      status,
      progress: step === 0 ? 0 : step === 1 ? 0.5 : 1,
      ...(ended && status === 'done' ? this.uploadOutcome : { imported: 0, duplicates: 0, rejectedCount: 0, rejected: [] }),
      ...(status === 'failed' && this.failUpload ? { error: this.failUpload } : {}),
      createdAt: '2025-01-02T03:04:05.000Z',
      createdBy: 'admin@demo.test',
      finishedAt: ended ? '2025-01-02T03:04:09.000Z' : null,
    };
    return json(200, upload);
  }

  private rejectedCsv(): Response {
    const rows = this.uploadOutcome.rejected.map((r) => `${r.row},${r.value},"${r.reason.replace(/"/g, '""')}"`);
    return new Response(['row,value,reason', ...rows].join('\n'), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="rejected.csv"; filename*=UTF-8''rejected-rows%20%C3%A9.csv`,
      },
    });
  }

  private export(format: string): Response {
    if (format === 'xlsx' && this.largeXlsx) {
      this.exportPolls = 0;
      return json(202, { exportId: 'export-1' });
    }
    return file(`exclusion-list-demo.${format}`, ['Number', ...this.entries.map((e) => e.display)].join('\n'));
  }

  private exportStatus(): Schemas['ExclusionExportDto'] {
    const done = this.exportPolls++ >= 1;
    return {
      id: 'export-1',
      format: 'xlsx',
      status: done ? 'done' : 'running',
      rows: done ? this.entries.length : null,
      createdAt: '2025-01-02T03:04:05.000Z',
      finishedAt: done ? '2025-01-02T03:04:09.000Z' : null,
    };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

function file(fileName: string, body: string): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${fileName}"` },
  });
}

function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({ type: `https://ccp.example/problems/${title.toLowerCase().replace(/\W+/g, '-')}`, title, status, detail, ...extra }),
    { status, headers: { 'content-type': PROBLEM } },
  );
}

import { displayExclusion, exclusionKind, normalizeExclusionEntry } from '@ccp/policy-core';
import type { Schemas } from '../../api';

type Exclusion = Schemas['ExclusionDto'];
type Upload = Schemas['UploadDto'];
type UploadOutcome = Pick<Upload, 'imported' | 'duplicates' | 'rejectedCount' | 'rejected'>;

/** An upload as the fake holds it: its status comes from how many times it was polled. */
interface FakeUpload {
  readonly id: string;
  readonly fileName: string;
  readonly mode: Upload['mode'];
  readonly createdBy: string;
  readonly outcome: UploadOutcome;
  readonly failure: string | null;
  /** Polls before it ends: queued on the first, running until then. */
  readonly steps: number;
  polls: number;
}

const PROBLEM = 'application/problem+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The API's exclusion-list contract (api.md; apps/api src/exclusions), in memory and simplified:
 * cursor paging with `q`, EXC-1 by policy-core as the API reads entries (a refusal is a 422 on `entry`), EXC-6, uploads that advance one step per
 * poll and are listed newest first, the rejected-rows CSV, and exports that answer 202 for a large XLSX.
 */
export class FakeExclusionApi {
  entries: Exclusion[] = [];
  readonly requests: string[] = [];
  readonly uploadsReceived: Array<{ mode: string; fileName: string; text: string }> = [];
  /** What the next uploads received end with. */
  uploadOutcome: UploadOutcome = { imported: 0, duplicates: 0, rejectedCount: 0, rejected: [] };
  failUpload: string | null = null;
  /** Polls the next uploads received take before they end: queued, then running, then done. */
  uploadSteps = 2;
  /** Newest first. */
  readonly uploads: FakeUpload[] = [];
  /** How long an upload's poll takes to answer, and the most polls ever answered at once. */
  pollDelayMs = 0;
  maxPollsAtOnce = 0;
  private pollsNow = 0;
  /** The XLSX export is built by the worker (202), as for a list over 50,000 entries. */
  largeXlsx = false;
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
    if (path === '/exclusions/uploads' && request.method === 'GET') return this.listUploads(url.searchParams);
    if (/^\/exclusions\/uploads\/[^/]+\/rejected\.csv$/.test(path)) return this.rejectedCsv(path.split('/').at(-2) as string);
    if (/^\/exclusions\/uploads\/[^/]+$/.test(path)) return this.poll(path.split('/').at(-1) as string);
    if (path === '/exclusions/export') return this.export(url.searchParams.get('format') ?? '');
    if (path === '/exclusions/exports/export-1') return json(200, this.exportStatus());
    if (path === '/exclusions/exports/export-1/file') return file('exclusion-list-demo.xlsx', 'xlsx bytes');
    return problem(404, 'Not found', `No route ${request.method} ${path}`);
  };

  /** `entry` normalized already. */
  private put(entry: string): Exclusion {
    const exclusion: Exclusion = {
      entry,
      kind: exclusionKind(entry),
      display: displayExclusion(entry),
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
    const parsed = normalizeExclusionEntry(entry);
    if (!parsed.ok) {
      return problem(422, 'Forbidden by a recording rule', parsed.reason, {
        rule: 'EXC-1',
        errors: [{ path: 'entry', message: parsed.reason }],
      });
    }
    const normalized = parsed.value.entry;
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
    const mode = String(form.get('mode')) as Upload['mode'];
    this.uploadsReceived.push({ mode, fileName: (upload as File).name, text: await upload.text() });
    const { id } = this.seedUpload({ fileName: (upload as File).name, mode });
    return json(202, { uploadId: id });
  }

  /** An upload as if someone had sent it: `polls` says how far it has gone (0 queued, `steps` or more ended). */
  seedUpload(upload: Partial<Pick<FakeUpload, 'fileName' | 'mode' | 'createdBy' | 'outcome' | 'failure' | 'steps' | 'polls'>>): FakeUpload {
    const seeded: FakeUpload = {
      id: `upload-${this.uploads.length + 1}`,
      fileName: 'file.csv',
      mode: 'add',
      createdBy: 'admin@demo.test',
      outcome: this.uploadOutcome,
      failure: this.failUpload,
      steps: this.uploadSteps,
      polls: 0,
      ...upload,
    };
    this.uploads.unshift(seeded);
    return seeded;
  }

  private listUploads(params: URLSearchParams): Response {
    const limit = Number(params.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return problem(422, 'Invalid request', 'One field is not valid', {
        errors: [{ path: 'limit', message: 'limit must not be greater than 100' }],
      });
    const items = this.uploads.slice(0, limit).map((u) => {
      const { rejected: _, ...summary } = this.dto(u, u.polls);
      return summary;
    });
    return json(200, { items, nextCursor: this.uploads.length > limit ? String(limit) : null });
  }

  private async poll(id: string): Promise<Response> {
    const upload = this.uploads.find((u) => u.id === id);
    if (!upload) return problem(404, 'Not found', `No upload ${id}`);
    this.pollsNow++;
    this.maxPollsAtOnce = Math.max(this.maxPollsAtOnce, this.pollsNow);
    try {
      if (this.pollDelayMs) await new Promise((resolve) => setTimeout(resolve, this.pollDelayMs));
      return json(200, this.dto(upload, upload.polls++));
    } finally {
      this.pollsNow--;
    }
  }

  /** Polls of one upload so far. */
  pollsOf(id: string): number {
    return this.requests.filter((r) => r === `GET /exclusions/uploads/${id}`).length;
  }

  private dto(upload: FakeUpload, step: number): Upload {
    const ended = step >= upload.steps;
    const status = step === 0 ? 'queued' : !ended ? 'running' : upload.failure ? 'failed' : 'done';
    return {
      id: upload.id,
      fileName: upload.fileName,
      mode: upload.mode,
      status,
      progress: Math.min(step / upload.steps, 1),
      ...(status === 'done' ? upload.outcome : { imported: 0, duplicates: 0, rejectedCount: 0, rejected: [] }),
      ...(status === 'failed' && upload.failure ? { error: upload.failure } : {}),
      createdAt: '2025-01-02T03:04:05.000Z',
      createdBy: upload.createdBy,
      finishedAt: ended ? '2025-01-02T03:04:09.000Z' : null,
    };
  }

  private rejectedCsv(id: string): Response {
    const upload = this.uploads.find((u) => u.id === id);
    if (!upload) return problem(404, 'Not found', `No upload ${id}`);
    const rows = upload.outcome.rejected.map((r) => `${r.row},${r.value},"${r.reason.replace(/"/g, '""')}"`);
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

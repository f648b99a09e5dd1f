import { randomUUID } from 'node:crypto';
import { ExclusionExportSchema, keepCalls } from '@ccp/db';
import { TEST_DRIVERS } from '@ccp/db/testing';
import { sampleCall } from '@ccp/db/testing/history';
import { buildExclusionExport } from '@ccp/imports';
import { QUEUES } from '@ccp/jobs';
import { REGIONS } from '@ccp/policy-core';
import * as XLSX from '@e965/xlsx';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppConfig } from '../src/config/app-config.js';
import { Database } from '../src/database/database.js';
import { multipartForm } from './multipart.js';
import { settingsBody } from './settings.js';
import { type Answer, apiTestbed } from './testbed.js';
import { beatAsWorker, stopBeating } from './worker-beats.js';

/*
 * ACC-3 across the whole API: account B (a second tenant) walks every route with its person token and
 * its API key, aimed at account A's (the demo tenant's) ids. Every such request is 404 like a missing
 * id, or, for lists and creates, answers B's own rows only; A's data stays byte for byte what it was.
 *
 * A new endpoint: add its probe to PROBES. The first test fails naming any /api/v1 route missing there.
 */

const API = '/api/v1';
const PROBLEM = 'https://ccp.example/problems/';
/**
 * The routes no probe needs: they take no account's ids (an email and a password; the token sent), and
 * logging B's person out would end the token the walk goes on with (src/auth/logout.int-spec.ts tests it).
 */
const UNPROBED = new Set([`POST ${API}/auth/login`, `POST ${API}/auth/logout`]);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** Who of B sends the request. */
type Caller = 'person' | 'api-key';

/** A's call ids (started by A's API key): one B aims at, one per caller that B starts a call of its own with. */
const A_CALL = 'tenancy:a-call';
const A_CALL_FREE_FOR_B: Record<Caller, string> = { person: 'tenancy:a-call-b-person-reuses', 'api-key': 'tenancy:a-call-b-key-reuses' };
/** A's call id that B starts a call with in the test of independent calls. */
const A_SHARED_CALL = 'tenancy:shared';
/** A's call kept in the history (written as the worker writes it), and its customer's number. */
const A_KEPT_CALL = 'tenancy:a-kept';
const A_KEPT_CUSTOMER = '+13125550148';

/** The queue defaults differ: a sales call is not recorded in A, always recorded in B. */
const A_SETTINGS = settingsBody({ queueDefault: { mode: 'never', announcement: 'never' } });
const B_SETTINGS = settingsBody({ queueDefault: { mode: 'always', announcement: 'prompt' } });

const salesCall = { kind: 'queue', customer: '+14085550111', queue: 'sales' };

/** A bulk upload of the exclusion list (multipart), named so its name is A's or B's. */
const uploadForm = (fileName: string): Sent => {
  const { payload, headers } = multipartForm([
    { name: 'file', value: Buffer.from('Number\n(415) 555-0177\n'), fileName },
    { name: 'mode', value: 'add' },
  ]);
  return { url: `${API}/exclusions/uploads`, payload, headers };
};
const A_UPLOAD_FILE = 'a-private-list.csv';

/** What the probes need to know of both accounts, filled in `beforeAll`. */
interface World {
  readonly a: {
    readonly accountId: string;
    readonly liveKeyId: string;
    readonly revokedKeyId: string;
    /** A's current revisions: B sends them in If-Match, as if it had read them. */
    readonly settingsRevision: number;
    readonly billingRevision: number;
    readonly bobRevision: number;
    readonly auditIds: ReadonlySet<number>;
    readonly uploadId: string;
    /** A's export of its list, built in the background (A's list is small: stored here as the worker would). */
    readonly exportId: string;
    /** A's retention revision: changed once, so B's (never changed) differs. */
    readonly historyRevision: number;
  };
  readonly b: { readonly accountId: string; readonly email: string; readonly settingsRevision: number; readonly uploadId: string };
}

interface Sent {
  readonly url: string;
  readonly payload?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `app.inject()` answers. */

interface Probe {
  readonly method: Method;
  /** The route as Fastify registers it (`:param`), compared with the app's routes. */
  readonly path: string;
  /** `@Access('integration')`: API keys may call it; elsewhere a key gets 403 api-key-not-allowed. */
  readonly apiKeys: boolean;
  /** What B tries, in a few words (the failure message names it with the request). */
  readonly attempt: string;
  /** B's request, aimed at A's data. */
  readonly request: (w: World, as: Caller) => Sent;
  /** What B must get: 404 like a missing id, or B's own data only. Soft assertions: every leak of a walk is reported. */
  readonly expect: (res: Answer, w: World, as: Caller, label: string) => void;
}

const notFound = (res: Answer, _w: World, _as: Caller, label: string) => {
  expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(404);
  if (res.statusCode === 404) expect.soft(res.json().type, label).toBe(`${PROBLEM}not-found`);
};

/** `ids` of a list, which must be some of B's own (`own`), and at least `must` of them. */
const onlyOwnIds = (label: string, ids: readonly string[], own: readonly string[], must: readonly string[]) => {
  expect
    .soft(
      ids.filter((id) => !own.includes(id)),
      `${label}: rows that are not B's`,
    )
    .toEqual([]);
  expect.soft(ids, `${label}: B's own rows`).toEqual(expect.arrayContaining([...must]));
};

/** Every route of /api/v1 (but login): B's request at A's data, and what B must get. */
const PROBES: readonly Probe[] = [
  {
    method: 'GET',
    path: `${API}/me`,
    apiKeys: false,
    attempt: 'read who is logged in',
    request: () => ({ url: `${API}/me` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json(), label).toMatchObject({ user: { email: w.b.email }, account: { id: w.b.accountId, slug: 'other' } });
    },
  },
  {
    method: 'GET',
    path: `${API}/recording-settings`,
    apiKeys: false,
    attempt: 'read the settings',
    request: () => ({ url: `${API}/recording-settings` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json(), label).toEqual({ ...B_SETTINGS, revision: w.b.settingsRevision });
    },
  },
  {
    method: 'PUT',
    path: `${API}/recording-settings`,
    apiKeys: false,
    attempt: "save A's settings with A's revision",
    request: (w) => ({
      url: `${API}/recording-settings`,
      headers: { 'if-match': `"${w.a.settingsRevision}"` },
      payload: settingsBody({ queueDefault: { mode: 'manual', announcement: 'never' } }),
    }),
    expect: (res, w, _as, label) => {
      // Checked against B's own revision, which differs from A's: stale.
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(412);
      expect.soft(res.json().detail, label).toContain(`the current revision is ${w.b.settingsRevision}`);
    },
  },
  {
    method: 'GET',
    path: `${API}/consent/regions`,
    apiKeys: false,
    attempt: "read the region table (the product's, the same for every account)",
    request: () => ({ url: `${API}/consent/regions` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json().items, label).toHaveLength(REGIONS.length);
    },
  },
  {
    method: 'GET',
    path: `${API}/queues`,
    apiKeys: false,
    attempt: 'list the queues',
    request: () => ({ url: `${API}/queues` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const items: { id: string; effective: unknown }[] = res.json().items ?? [];
      onlyOwnIds(
        label,
        items.map((q) => q.id),
        ['sales', 'support'],
        ['sales'],
      );
      // B's "sales" follows B's queue default; A's follows A's.
      for (const queue of items) expect.soft(queue.effective, `${label}: ${queue.id}`).toEqual(B_SETTINGS.queueDefault);
    },
  },
  {
    method: 'GET',
    path: `${API}/queues`,
    apiKeys: false,
    attempt: 'list the custom queues (A has two)',
    request: () => ({ url: `${API}/queues?custom=true` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json().items, label).toEqual([]);
    },
  },
  {
    method: 'POST',
    path: `${API}/queues`,
    apiKeys: false,
    attempt: "add a queue with the id of A's",
    request: () => ({ url: `${API}/queues`, payload: { id: 'support', name: 'B support' } }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(201);
      expect.soft(res.json(), label).toMatchObject({ id: 'support', name: 'B support', effective: B_SETTINGS.queueDefault, revision: 1 });
    },
  },
  {
    method: 'GET',
    path: `${API}/queues/:id`,
    apiKeys: false,
    attempt: "read A's queue",
    request: () => ({ url: `${API}/queues/billing` }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/queues/:id`,
    apiKeys: false,
    attempt: "delete A's queue",
    request: () => ({ url: `${API}/queues/collections` }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/queues/:id`,
    apiKeys: false,
    attempt: "delete A's queue naming its revision",
    request: (w) => ({ url: `${API}/queues/billing`, headers: { 'if-match': `"${w.a.billingRevision}"` } }),
    expect: notFound,
  },
  {
    method: 'PUT',
    path: `${API}/queues/:id/recording`,
    apiKeys: false,
    attempt: "set A's queue's recording with its revision",
    request: (w) => ({
      url: `${API}/queues/billing/recording`,
      headers: { 'if-match': `"${w.a.billingRevision}"` },
      payload: { mode: 'always', announcement: 'prompt' },
    }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/queues/:id/recording`,
    apiKeys: false,
    attempt: "reset A's custom queue to the default",
    request: () => ({ url: `${API}/queues/collections/recording` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/employees`,
    apiKeys: false,
    attempt: 'list the employees',
    request: () => ({ url: `${API}/employees` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const items: { id: string; name: string }[] = res.json().items ?? [];
      onlyOwnIds(
        label,
        items.map((e) => e.id),
        ['alice', 'carol'],
        ['alice'],
      );
      for (const employee of items) expect.soft(employee.name, label).toMatch(/^B /);
    },
  },
  {
    method: 'GET',
    path: `${API}/employees`,
    apiKeys: false,
    attempt: 'list the custom employees (A has one)',
    request: () => ({ url: `${API}/employees?custom=true` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json().items, label).toEqual([]);
    },
  },
  {
    method: 'POST',
    path: `${API}/employees`,
    apiKeys: false,
    attempt: "add an employee with the id and direct line of A's",
    request: () => ({ url: `${API}/employees`, payload: { id: 'carol', name: 'B carol', directLine: '+14155550199' } }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(201);
      expect.soft(res.json(), label).toMatchObject({ id: 'carol', name: 'B carol', directLine: '+14155550199', revision: 1 });
    },
  },
  {
    method: 'GET',
    path: `${API}/employees/:id`,
    apiKeys: false,
    attempt: "read A's employee",
    request: () => ({ url: `${API}/employees/bob` }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/employees/:id`,
    apiKeys: false,
    attempt: "delete A's employee naming their revision",
    request: (w) => ({ url: `${API}/employees/bob`, headers: { 'if-match': `"${w.a.bobRevision}"` } }),
    expect: notFound,
  },
  {
    method: 'PUT',
    path: `${API}/employees/:id/recording`,
    apiKeys: false,
    attempt: "set A's employee's recording with their revision",
    request: (w) => ({
      url: `${API}/employees/bob/recording`,
      headers: { 'if-match': `"${w.a.bobRevision}"` },
      payload: { inbound: { mode: 'never', announcement: 'never' }, outbound: { mode: 'never', announcement: 'never' } },
    }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/employees/:id/recording`,
    apiKeys: false,
    attempt: "reset A's custom employee to the defaults",
    request: () => ({ url: `${API}/employees/bob/recording` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/exclusions`,
    apiKeys: false,
    attempt: 'list the exclusion list',
    request: () => ({ url: `${API}/exclusions?limit=500` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const items: { entry: string; addedBy: string }[] = res.json().items ?? [];
      onlyOwnIds(
        label,
        items.map((e) => e.entry),
        ['+12125550123', '646'],
        ['+12125550123'],
      );
      for (const entry of items) expect.soft(entry.addedBy, `${label}: ${entry.entry}`).toBe(w.b.email);
    },
  },
  {
    method: 'GET',
    path: `${API}/exclusions`,
    apiKeys: false,
    attempt: "search the exclusion list for A's entry",
    request: () => ({ url: `${API}/exclusions?q=310` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json(), label).toEqual({ items: [], nextCursor: null });
    },
  },
  {
    method: 'POST',
    path: `${API}/exclusions`,
    apiKeys: false,
    attempt: "add an entry A's list has (EXC-6 must not say it is listed)",
    request: () => ({ url: `${API}/exclusions`, payload: { entry: '646' } }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(201);
      expect.soft(res.json(), label).toMatchObject({ entry: '646', alreadyPresent: false, addedBy: w.b.email });
    },
  },
  {
    method: 'DELETE',
    path: `${API}/exclusions/:entry`,
    apiKeys: false,
    attempt: "delete A's entry",
    request: () => ({ url: `${API}/exclusions/%2B13105550142` }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/exclusions/:entry`,
    apiKeys: false,
    attempt: "delete A's entry named by its 10 digits",
    request: () => ({ url: `${API}/exclusions/3105550142` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/exclusions/uploads`,
    apiKeys: false,
    attempt: 'list the uploads of the exclusion list',
    request: () => ({ url: `${API}/exclusions/uploads?limit=100` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const items: { id: string; createdBy: string }[] = res.json().items ?? [];
      expect
        .soft(
          items.map((u) => u.id),
          `${label}: B's own upload`,
        )
        .toContain(w.b.uploadId);
      expect
        .soft(
          items.map((u) => u.id),
          `${label}: A's upload`,
        )
        .not.toContain(w.a.uploadId);
      for (const upload of items) expect.soft(upload.createdBy, label).toBe(w.b.email);
    },
  },
  {
    method: 'GET',
    path: `${API}/exclusions/uploads/:id`,
    apiKeys: false,
    attempt: "read A's upload",
    request: (w) => ({ url: `${API}/exclusions/uploads/${w.a.uploadId}` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/exclusions/uploads/:id/rejected.csv`,
    apiKeys: false,
    attempt: "download the rejected rows of A's upload",
    request: (w) => ({ url: `${API}/exclusions/uploads/${w.a.uploadId}/rejected.csv` }),
    expect: notFound,
  },
  {
    method: 'POST',
    path: `${API}/exclusions/uploads`,
    apiKeys: false,
    attempt: "upload a file named as A's",
    request: () => uploadForm(A_UPLOAD_FILE.replace('a-', 'b-')),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(202);
      expect.soft(res.json().uploadId, label).not.toBe(w.a.uploadId);
    },
  },
  {
    method: 'GET',
    path: `${API}/exclusions/export`,
    apiKeys: false,
    attempt: 'download the exclusion list as CSV',
    request: () => ({ url: `${API}/exclusions/export?format=csv` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const rows = res.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .slice(1);
      onlyOwnIds(
        label,
        rows.map((row) => row.split(',')[0] ?? ''),
        ['(212) 555-0123', '646*'],
        ['(212) 555-0123'],
      );
      for (const row of rows) expect.soft(row.split(',')[3], `${label}: ${row}`).toBe(w.b.email);
    },
  },
  {
    method: 'GET',
    path: `${API}/exclusions/export`,
    apiKeys: false,
    attempt: 'download the exclusion list as XLSX',
    request: () => ({ url: `${API}/exclusions/export?format=xlsx` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      if (res.statusCode !== 200) return;
      // Zipped: A's markers would not show in the raw body, so the cells are read.
      const book = XLSX.read(res.rawPayload, { type: 'buffer' });
      const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1 }).slice(1);
      onlyOwnIds(
        label,
        rows.map((row) => String(row[0])),
        ['(212) 555-0123', '646*'],
        ['(212) 555-0123'],
      );
      for (const row of rows) expect.soft(row[3], `${label}: ${row[0]}`).toBe(w.b.email);
    },
  },
  {
    method: 'GET',
    path: `${API}/exclusions/exports/:id`,
    apiKeys: false,
    attempt: "read A's export",
    request: (w) => ({ url: `${API}/exclusions/exports/${w.a.exportId}` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/exclusions/exports/:id/file`,
    apiKeys: false,
    attempt: "download the file of A's export",
    request: (w) => ({ url: `${API}/exclusions/exports/${w.a.exportId}/file` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/audit`,
    apiKeys: false,
    attempt: 'read the audit log',
    request: () => ({ url: `${API}/audit?limit=200` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const items: { id: number; actorName: string }[] = res.json().items ?? [];
      expect.soft(items.length, `${label}: B's own rows`).toBeGreaterThan(0);
      expect
        .soft(
          items.filter((i) => w.a.auditIds.has(i.id)),
          `${label}: A's rows`,
        )
        .toEqual([]);
      for (const item of items) expect.soft(item.actorName, label).toMatch(new RegExp(`^(${w.b.email}|API key "B .*")$`));
    },
  },
  {
    method: 'GET',
    path: `${API}/audit`,
    apiKeys: false,
    attempt: "page the audit log from a cursor past A's rows",
    request: (w) => ({ url: `${API}/audit?cursor=${Math.max(...w.a.auditIds) + 1}` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      expect.soft(res.json(), label).toEqual({ items: [], nextCursor: null });
    },
  },
  {
    method: 'POST',
    path: `${API}/simulate`,
    apiKeys: true,
    attempt: "replay a call to A's custom queue against the live settings",
    request: () => ({
      url: `${API}/simulate`,
      payload: { call: { ...salesCall, queue: 'billing' }, events: [{ type: 'connected' }] },
    }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(422);
      expect.soft(res.json().errors, label).toEqual([{ path: 'call.queue', message: 'unknown queue "billing"' }]);
    },
  },
  {
    method: 'POST',
    path: `${API}/simulate`,
    apiKeys: true,
    attempt: 'replay a call to the queue id both accounts have, answered by the employee id both have',
    request: () => ({
      url: `${API}/simulate`,
      payload: { call: salesCall, events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }] },
    }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      // B's queue default (always), not A's (never).
      expect.soft(res.json().steps?.[1], label).toMatchObject({ recording: 'on', rules: expect.arrayContaining(['QUE-1', 'MOD-1']) });
    },
  },
  {
    method: 'POST',
    path: `${API}/calls`,
    apiKeys: true,
    attempt: "start a call with the id of a live call of A's",
    request: (_w, as) => ({ url: `${API}/calls`, payload: { callId: A_CALL_FREE_FOR_B[as], call: salesCall } }),
    expect: (res, _w, as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(201);
      expect.soft(res.json(), label).toMatchObject({ callId: A_CALL_FREE_FOR_B[as], recording: 'off' });
    },
  },
  {
    method: 'POST',
    path: `${API}/calls`,
    apiKeys: true,
    attempt: "start a call to A's queue",
    request: (_w, as) => ({
      url: `${API}/calls`,
      payload: { callId: `tenancy:b-${as}-to-billing`, call: { ...salesCall, queue: 'billing' } },
    }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(422);
      expect.soft(res.json().errors, label).toEqual([{ path: 'call.queue', message: 'unknown queue "billing"' }]);
    },
  },
  {
    method: 'POST',
    path: `${API}/calls/:callId/events`,
    apiKeys: true,
    attempt: "end A's call",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_CALL)}/events`, payload: { event: { type: 'ended' } } }),
    expect: notFound,
  },
  {
    method: 'POST',
    path: `${API}/calls/:callId/events`,
    apiKeys: true,
    attempt: "stop the recording of A's call",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_CALL)}/events`, payload: { event: { type: 'agent', action: 'stop' } } }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/calls/:callId`,
    apiKeys: true,
    attempt: "read A's call's decision",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_CALL)}` }),
    expect: notFound,
  },
  {
    method: 'GET',
    path: `${API}/calls`,
    apiKeys: false,
    attempt: "search the call history for A's customer",
    request: () => ({ url: `${API}/calls?number=${encodeURIComponent(A_KEPT_CUSTOMER)}` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      expect.soft(res.json(), label).toEqual({ items: [], nextCursor: null });
    },
  },
  {
    method: 'GET',
    path: `${API}/calls`,
    apiKeys: false,
    attempt: 'download the call history as CSV',
    request: () => ({ url: `${API}/calls?format=csv` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      // The header row alone: B kept no call.
      expect.soft(res.body.trim().split('\r\n'), label).toHaveLength(1);
    },
  },
  {
    method: 'GET',
    path: `${API}/calls/:callId/scenario`,
    apiKeys: false,
    attempt: "download the evidence of A's kept call",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_KEPT_CALL)}/scenario` }),
    expect: notFound,
  },
  {
    method: 'PUT',
    path: `${API}/calls/:callId/hold`,
    apiKeys: false,
    attempt: "place a legal hold on A's kept call",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_KEPT_CALL)}/hold`, payload: { reason: 'B walk' } }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/calls/:callId/hold`,
    apiKeys: false,
    attempt: "release a hold on A's kept call",
    request: () => ({ url: `${API}/calls/${encodeURIComponent(A_KEPT_CALL)}/hold` }),
    expect: notFound,
  },
  {
    method: 'POST',
    path: `${API}/calls/erasures`,
    apiKeys: false,
    attempt: "erase the calls of A's customer",
    request: () => ({ url: `${API}/calls/erasures`, payload: { number: A_KEPT_CUSTOMER } }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      expect.soft(res.json(), label).toEqual({ erased: 0, keptUnderHold: 0 });
    },
  },
  {
    method: 'GET',
    path: `${API}/calls-per-day`,
    apiKeys: false,
    attempt: 'count the calls per day',
    request: () => ({ url: `${API}/calls-per-day?from=2020-01-01&to=2030-01-01` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      const days: { recorded: number; partly: number; notRecorded: number }[] = Array.isArray(res.json()) ? res.json() : [];
      expect
        .soft(
          days.reduce((sum, d) => sum + d.recorded + d.partly + d.notRecorded, 0),
          label,
        )
        .toBe(0);
    },
  },
  {
    method: 'GET',
    path: `${API}/history-settings`,
    apiKeys: false,
    attempt: 'read the retention period',
    request: () => ({ url: `${API}/history-settings` }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(200);
      expect.soft(res.json(), label).toMatchObject({ retentionDays: 400 });
    },
  },
  {
    method: 'PUT',
    path: `${API}/history-settings`,
    apiKeys: false,
    attempt: "change the retention period with A's revision",
    request: (w) => ({
      url: `${API}/history-settings`,
      headers: { 'if-match': `"${w.a.historyRevision}"` },
      payload: { retentionDays: 30 },
    }),
    expect: (res, _w, _as, label) => {
      // Checked against B's own revision, which differs from A's: stale.
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(412);
    },
  },
  {
    method: 'POST',
    path: `${API}/api-keys`,
    apiKeys: false,
    attempt: 'create an API key',
    request: () => ({ url: `${API}/api-keys`, payload: { name: 'B walk' } }),
    expect: (res, _w, _as, label) => {
      expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(201);
      expect.soft(res.json(), label).toMatchObject({ name: 'B walk', key: expect.stringMatching(/^ak_/) });
    },
  },
  {
    method: 'GET',
    path: `${API}/api-keys`,
    apiKeys: false,
    attempt: 'list the API keys',
    request: () => ({ url: `${API}/api-keys` }),
    expect: (res, w, _as, label) => {
      expect.soft(res.statusCode, label).toBe(200);
      const keys: { id: string; createdBy: string }[] = Array.isArray(res.json()) ? res.json() : [];
      expect.soft(keys.length, `${label}: B's own keys`).toBeGreaterThan(0);
      expect
        .soft(
          keys.filter((k) => k.id === w.a.liveKeyId || k.id === w.a.revokedKeyId),
          `${label}: A's keys`,
        )
        .toEqual([]);
      for (const key of keys) expect.soft(key.createdBy, label).toBe(w.b.email);
    },
  },
  {
    method: 'DELETE',
    path: `${API}/api-keys/:id`,
    apiKeys: false,
    attempt: "revoke A's live API key",
    request: (w) => ({ url: `${API}/api-keys/${w.a.liveKeyId}` }),
    expect: notFound,
  },
  {
    method: 'DELETE',
    path: `${API}/api-keys/:id`,
    apiKeys: false,
    attempt: "revoke A's revoked API key (revoking one's own again is 204)",
    request: (w) => ({ url: `${API}/api-keys/${w.a.revokedKeyId}` }),
    expect: notFound,
  },
];

/** The routes Fastify registered, as `METHOD /path` (HEAD included), from its route tree. */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const segments: string[] = [];
  for (const line of tree.split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = (node[1] ?? '').length / 4;
    segments.length = depth;
    segments.push(node[2] ?? '');
    for (const method of (node[3] ?? '').split(',').map((m) => m.trim())) {
      if (method) routes.push(`${method} ${segments.join('')}`);
    }
  }
  return routes;
}

describe.each(TEST_DRIVERS)('ACC-3 tenancy of every route on %s', (driver) => {
  const bed = apiTestbed(driver, { demo: true, emptyQueues: [QUEUES.exclusionImports] });
  let adminA: string;
  let keyA: string;
  let revokedKeyA: string;
  let adminB: string;
  let keyB: string;
  let world: World;
  /** A's data as A reads it, before B did anything. */
  let before: Record<string, string>;
  /** Strings only A's data holds: no answer to B may contain one. */
  let markersOfA: string[];

  const send = (authorization: string | undefined, method: Method | 'HEAD', sent: Sent) =>
    bed.app.inject({
      method,
      url: sent.url,
      headers: { ...(authorization === undefined ? {} : { authorization }), ...sent.headers },
      ...(sent.payload === undefined ? {} : { payload: sent.payload as object }),
    });
  const ok = async (authorization: string, method: Method, sent: Sent, status: number) => {
    const res = await send(authorization, method, sent);
    if (res.statusCode !== status) throw new Error(`${method} ${sent.url}: ${res.statusCode} ${res.body}`);
    return res.body === '' ? undefined : res.json();
  };

  /** Everything of A that B might read, change or decide, as A reads it: status, ETag and body, byte for byte. */
  async function snapshotOfA(): Promise<Record<string, string>> {
    const reads: [string, string][] = [
      ...[
        '/recording-settings',
        '/queues',
        '/queues/sales',
        '/queues/billing',
        '/queues/support',
        '/queues/collections',
        '/employees',
        '/employees/alice',
        '/employees/bob',
        '/employees/carol',
        '/exclusions?limit=500',
        '/exclusions/uploads?limit=100',
        '/exclusions/export?format=csv',
        '/audit?limit=200',
        '/api-keys',
        '/me',
        `/calls?number=${encodeURIComponent(A_KEPT_CUSTOMER)}`,
        `/calls/${encodeURIComponent(A_KEPT_CALL)}`,
        '/calls?format=csv',
        '/history-settings',
      ].map((path): [string, string] => [adminA, `${API}${path}`]),
      ...[A_CALL, ...Object.values(A_CALL_FREE_FOR_B)].map((id): [string, string] => [keyA, `${API}/calls/${encodeURIComponent(id)}`]),
    ];
    const snapshot: Record<string, string> = {};
    for (const [authorization, url] of reads) {
      const res = await send(authorization, 'GET', { url });
      snapshot[url] = `${res.statusCode} ${res.headers.etag ?? '-'}\n${res.body}`;
    }
    return snapshot;
  }

  beforeAll(async () => {
    // Account A, the demo tenant: two settings changes (revision 3), a live API key and a revoked one, live calls.
    adminA = bed.admin;
    const settingsPath = `${API}/recording-settings`;
    const queueDefault = { mode: 'manual', announcement: 'prompt' };
    await ok(adminA, 'PUT', { url: settingsPath, headers: { 'if-match': '"1"' }, payload: settingsBody({ queueDefault }) }, 200);
    await ok(adminA, 'PUT', { url: settingsPath, headers: { 'if-match': '"2"' }, payload: A_SETTINGS }, 200);
    const liveKey = await ok(adminA, 'POST', { url: `${API}/api-keys`, payload: { name: 'A telephony' } }, 201);
    const revokedKey = await ok(adminA, 'POST', { url: `${API}/api-keys`, payload: { name: 'A retired' } }, 201);
    await ok(adminA, 'DELETE', { url: `${API}/api-keys/${revokedKey.id}` }, 204);
    keyA = `Bearer ${liveKey.key}`;
    const uploadA = await ok(adminA, 'POST', uploadForm(A_UPLOAD_FILE), 202);
    revokedKeyA = `Bearer ${revokedKey.key}`;
    for (const callId of [A_CALL, ...Object.values(A_CALL_FREE_FOR_B), A_SHARED_CALL]) {
      await ok(keyA, 'POST', { url: `${API}/calls`, payload: { callId, call: salesCall } }, 201);
      await ok(keyA, 'POST', { url: `${API}/calls/${encodeURIComponent(callId)}/events`, payload: { event: { type: 'connected' } } }, 200);
    }
    await ok(
      keyA,
      'POST',
      { url: `${API}/calls/${encodeURIComponent(A_CALL)}/events`, payload: { event: { type: 'answered', employee: 'alice' } } },
      200,
    );

    const meA = await ok(adminA, 'GET', { url: `${API}/me` }, 200);
    // A call of A's in the history (as the worker writes it) and A's retention changed once.
    const kept = sampleCall({
      accountId: meA.account.id,
      callId: A_KEPT_CALL,
      startedAt: new Date(Date.now() - 600_000),
      customer: A_KEPT_CUSTOMER,
    });
    expect(await keepCalls(bed.app.get(Database).em(), [kept])).toMatchObject({ kept: 1 });
    const historyA = await ok(adminA, 'GET', { url: `${API}/history-settings` }, 200);
    const historyRevision = (
      await ok(
        adminA,
        'PUT',
        { url: `${API}/history-settings`, headers: { 'if-match': `"${historyA.revision}"` }, payload: { retentionDays: 200 } },
        200,
      )
    ).revision;
    // A's list is far below the size the api leaves to the worker: its export is stored and built as the worker would.
    const exportA = randomUUID();
    const em = bed.app.get(Database).em();
    em.create(ExclusionExportSchema, {
      id: exportA,
      account: meA.account.id,
      format: 'xlsx',
      status: 'queued',
      createdBy: 'admin@demo.test',
    });
    await em.flush();
    expect(await buildExclusionExport(bed.app.get(Database).orm, exportA)).toMatchObject({ kind: 'done' });
    const auditA: { id: number }[] = (await ok(adminA, 'GET', { url: `${API}/audit?limit=200` }, 200)).items;
    const callA = await ok(keyA, 'GET', { url: `${API}/calls/${encodeURIComponent(A_CALL)}` }, 200);
    before = await snapshotOfA();

    // Account B, made through the API as B: settings, a queue and an employee with A's ids (and A's direct line),
    // one of A's exclusion entries, an API key, a call (and so audit rows).
    const other = await bed.addAccount('other');
    adminB = other.admin;
    const settingsB = await ok(adminB, 'PUT', { url: settingsPath, headers: { 'if-match': '"1"' }, payload: B_SETTINGS }, 200);
    await ok(adminB, 'POST', { url: `${API}/queues`, payload: { id: 'sales', name: 'B sales' } }, 201);
    await ok(adminB, 'POST', { url: `${API}/employees`, payload: { id: 'alice', name: 'B alice', directLine: '+14155550100' } }, 201);
    const entry = await ok(adminB, 'POST', { url: `${API}/exclusions`, payload: { entry: '+12125550123' } }, 201);
    expect(entry.alreadyPresent).toBe(false);
    keyB = `Bearer ${(await ok(adminB, 'POST', { url: `${API}/api-keys`, payload: { name: 'B telephony' } }, 201)).key}`;
    const uploadB = await ok(adminB, 'POST', uploadForm('b-own-list.csv'), 202);
    await ok(keyB, 'POST', { url: `${API}/calls`, payload: { callId: 'tenancy:b-own', call: salesCall } }, 201);

    world = {
      a: {
        accountId: meA.account.id,
        liveKeyId: liveKey.id,
        revokedKeyId: revokedKey.id,
        settingsRevision: 3,
        billingRevision: (await ok(adminA, 'GET', { url: `${API}/queues/billing` }, 200)).revision,
        bobRevision: (await ok(adminA, 'GET', { url: `${API}/employees/bob` }, 200)).revision,
        auditIds: new Set(auditA.map((row) => row.id)),
        uploadId: uploadA.uploadId,
        exportId: exportA,
        historyRevision,
      },
      b: { accountId: other.accountId, email: other.email, settingsRevision: settingsB.revision, uploadId: uploadB.uploadId },
    };
    expect(world.a.settingsRevision).not.toBe(world.b.settingsRevision);
    expect(world.a.auditIds.size).toBeGreaterThan(0);
    markersOfA = [
      meA.account.id,
      meA.user.id,
      liveKey.id,
      liveKey.prefix,
      revokedKey.id,
      revokedKey.prefix,
      callA.settingsVersion,
      'admin@demo.test',
      'Dana Admin',
      'Demo Plumbing',
      'Alice Moreno',
      'Bob Chen',
      'Carol Diaz',
      'demo seed',
      'A telephony',
      'A retired',
      uploadA.uploadId,
      A_UPLOAD_FILE,
      exportA,
      // (A_KEPT_CALL is not one: B sends it, and a 404 names the id it was asked for.)
      A_KEPT_CUSTOMER,
      '(312) 555-0148',
    ];
  });

  /** Sends every probe as `authorization`, then the GET probes again as HEAD; returns each answer with its label. */
  async function walk(authorization: string, as: Caller) {
    const answers: { probe: Probe; label: string; res: Answer; head?: number }[] = [];
    for (const probe of PROBES) {
      const sent = probe.request(world, as);
      const label = `B's ${as}: ${probe.method} ${sent.url} (${probe.attempt})`;
      const res = await send(authorization, probe.method, sent);
      const head = probe.method === 'GET' ? (await send(authorization, 'HEAD', sent)).statusCode : undefined;
      answers.push({ probe, label, res, head });
    }
    return answers;
  }

  const leaksOfA = (body: string) => markersOfA.filter((marker) => body.includes(marker));

  /** A's data, read again, is byte for byte the snapshot taken before B did anything: each read that differs is named. */
  async function expectAUnchanged(): Promise<void> {
    const now = await snapshotOfA();
    for (const [url, was] of Object.entries(before)) expect.soft(now[url], `A's ${url} changed`).toBe(was);
  }

  it('ACC-3: the probe table names every /api/v1 route the app registers, and only those', () => {
    const fastify = bed.app.getHttpAdapter().getInstance();
    const registered = registeredRoutes(fastify.printRoutes({ commonPrefix: false }));
    expect(registered).toContain(`GET ${API}/queues/:id`);
    const probed = new Set(PROBES.map((p) => `${p.method} ${p.path}`));
    // A HEAD route is Fastify's twin of a GET one; the walk sends HEAD for every GET probe.
    const missing = registered
      .filter((route) => route.includes(` ${API}/`))
      .map((route) => route.replace(/^HEAD /, 'GET '))
      .filter((route) => !probed.has(route) && !UNPROBED.has(route));
    expect(missing, 'routes of /api/v1 without a tenancy probe in PROBES').toEqual([]);
    for (const probe of PROBES) {
      expect(fastify.hasRoute({ method: probe.method, url: probe.path }), `${probe.method} ${probe.path} is not a route`).toBe(true);
    }
  });

  it("ACC-3: B's person gets 404 for every id of A's, and only B's own rows from every list and create", async () => {
    for (const { probe, label, res, head } of await walk(adminB, 'person')) {
      probe.expect(res, world, 'person', label);
      if (head !== undefined) expect.soft(head, `HEAD of ${label}`).toBe(res.statusCode);
      expect.soft(leaksOfA(res.body), `${label}: A's data in the answer`).toEqual([]);
    }
    await expectAUnchanged();
  });

  it("ACC-3: B's API key gets the same on /calls and /simulate, and 403 api-key-not-allowed everywhere else", async () => {
    const answers = await walk(keyB, 'api-key');
    expect(answers.filter((a) => a.probe.apiKeys).length).toBeGreaterThan(0);
    for (const { probe, label, res, head } of answers) {
      if (probe.apiKeys) {
        probe.expect(res, world, 'api-key', label);
      } else {
        expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(403);
        expect.soft(res.json().type, label).toBe(`${PROBLEM}api-key-not-allowed`);
      }
      if (head !== undefined) expect.soft(head, `HEAD of ${label}`).toBe(res.statusCode);
      expect.soft(leaksOfA(res.body), `${label}: A's data in the answer`).toEqual([]);
    }
    await expectAUnchanged();
  });

  it("ACC-3: A's revoked API key, and a validly signed token of B's person naming A's account, are 401 on every route", async () => {
    const forged = await bed.app
      .get(JwtService)
      .signAsync({ sub: (await ok(adminB, 'GET', { url: `${API}/me` }, 200)).user.id, acc: world.a.accountId });
    for (const [authorization, detail] of [
      [revokedKeyA, 'This API key was revoked'],
      [`Bearer ${forged}`, 'This token is not valid'],
    ] as const) {
      for (const probe of PROBES) {
        const sent = probe.request(world, 'person');
        const res = await send(authorization, probe.method, sent);
        const label = `${detail}: ${probe.method} ${sent.url}`;
        expect.soft(res.statusCode, `${label}: ${res.body}`).toBe(401);
        expect.soft(res.json().detail, label).toBe(detail);
      }
    }
    await expectAUnchanged();
  });

  it("ACC-3: B's simulate without settings decides with B's live settings, A's with A's", async () => {
    const scenario = { call: salesCall, events: [{ type: 'connected' }, { type: 'answered', employee: 'alice' }] };
    const simulate = (authorization: string, payload: object) => send(authorization, 'POST', { url: `${API}/simulate`, payload });
    /** The account's live settings, queues, employees and exclusions, written as a scenario's `settings`. */
    const liveSettings = async (authorization: string) => {
      const { revision: _, ...settings } = await ok(authorization, 'GET', { url: `${API}/recording-settings` }, 200);
      const queues = (await ok(authorization, 'GET', { url: `${API}/queues` }, 200)).items;
      const employees = (await ok(authorization, 'GET', { url: `${API}/employees` }, 200)).items;
      const exclusions = (await ok(authorization, 'GET', { url: `${API}/exclusions?limit=500` }, 200)).items;
      return {
        ...settings,
        queues: queues.map((q: { id: string; custom: object | null }) => ({ id: q.id, ...(q.custom ? { custom: q.custom } : {}) })),
        employees: employees.map((e: { id: string; directLine: string; custom: object | null }) => ({
          id: e.id,
          directLine: e.directLine,
          ...(e.custom ? { custom: e.custom } : {}),
        })),
        exclusions: exclusions.map((x: { entry: string }) => x.entry),
      };
    };

    const a = await simulate(keyA, scenario);
    const b = await simulate(keyB, scenario);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(a.json().steps[1]).toMatchObject({ recording: 'off', rules: expect.arrayContaining(['QUE-1', 'MOD-4']) });
    expect(b.json().steps[1]).toMatchObject({ recording: 'on', rules: expect.arrayContaining(['QUE-1', 'MOD-1']) });
    expect(b.json().settingsVersion).not.toBe(a.json().settingsVersion);
    // Each is what its own account's settings, stated in full, decide.
    expect((await simulate(adminA, { ...scenario, settings: await liveSettings(adminA) })).body).toBe(a.body);
    expect((await simulate(adminB, { ...scenario, settings: await liveSettings(adminB) })).body).toBe(b.body);
    // A's live calls are decided under A's settings version, B's under B's.
    expect((await ok(keyA, 'GET', { url: `${API}/calls/${encodeURIComponent(A_CALL)}` }, 200)).settingsVersion).toBe(
      a.json().settingsVersion,
    );
    const connectedB = await ok(keyB, 'POST', { url: `${API}/calls/tenancy:b-own/events`, payload: { event: { type: 'connected' } } }, 200);
    expect(connectedB.settingsVersion).toBe(b.json().settingsVersion);
  });

  it('ACC-3: a call id of A is free for B, and both calls continue independently', async () => {
    const url = `${API}/calls/${encodeURIComponent(A_SHARED_CALL)}`;
    const event = (authorization: string, payload: object) =>
      send(authorization, 'POST', { url: `${url}/events`, payload: { event: payload } });

    const started = await send(keyB, 'POST', { url: `${API}/calls`, payload: { callId: A_SHARED_CALL, call: salesCall } });
    expect(started.statusCode, started.body).toBe(201);
    // Within one account the id is taken: each account's own call answers 409.
    expect((await send(keyB, 'POST', { url: `${API}/calls`, payload: { callId: A_SHARED_CALL, call: salesCall } })).statusCode).toBe(409);
    expect((await send(keyA, 'POST', { url: `${API}/calls`, payload: { callId: A_SHARED_CALL, call: salesCall } })).statusCode).toBe(409);

    // A's call was connected in beforeAll; B's is not yet: `answered` before `connected` is impossible in B's call only.
    expect((await event(keyB, { type: 'answered', employee: 'alice' })).statusCode).toBe(422);
    expect((await event(keyB, { type: 'connected' })).statusCode).toBe(200);
    const answeredA = await event(keyA, { type: 'answered', employee: 'alice' });
    const answeredB = await event(keyB, { type: 'answered', employee: 'alice' });
    expect(answeredA.json()).toMatchObject({ recording: 'off', controls: { start: false } });
    expect(answeredB.json()).toMatchObject({ recording: 'on' });

    // B ends its call; A's goes on, with A's decision, and A can still act on it.
    expect((await event(keyB, { type: 'ended' })).statusCode).toBe(200);
    const a = await send(keyA, 'GET', { url });
    const b = await send(keyB, 'GET', { url });
    expect(a.json()).toMatchObject({ callId: A_SHARED_CALL, recording: 'off', settingsVersion: answeredA.json().settingsVersion });
    expect(b.json()).toMatchObject({ callId: A_SHARED_CALL, recording: 'off', settingsVersion: answeredB.json().settingsVersion });
    expect(a.json().settingsVersion).not.toBe(b.json().settingsVersion);
    expect((await event(keyB, { type: 'agent', action: 'start' })).statusCode).toBe(422);
    const endedA = await event(keyA, { type: 'ended' });
    expect(endedA.statusCode, endedA.body).toBe(200);
  });

  it('ACC-3: the public routes (health, metrics) show no account data', async () => {
    // Ready needs a worker's heartbeat: one of this test's own, on the app's own queue prefix.
    const redis = new Redis('redis://127.0.0.1:6379');
    const [prefix, instance] = [bed.app.get(AppConfig).queuePrefix, `tenancy-int-spec-${randomUUID()}`];
    await beatAsWorker(redis, prefix, instance);
    try {
      for (const url of ['/health/live', '/health/ready', '/metrics']) {
        const res = await send(undefined, 'GET', { url });
        expect(res.statusCode, url).toBe(200);
        expect(leaksOfA(res.body), url).toEqual([]);
        expect(res.body, url).not.toContain(world.b.accountId);
      }
    } finally {
      await stopBeating(redis, prefix, instance);
      redis.disconnect();
    }
  });

  it("ACC-3: after everything B did, A's data is byte for byte what it was", async () => {
    await expectAUnchanged();
    // A's key still works: B's attempt to revoke it changed nothing.
    expect((await send(keyA, 'GET', { url: `${API}/calls/${encodeURIComponent(A_CALL)}` })).statusCode).toBe(200);
  });
});

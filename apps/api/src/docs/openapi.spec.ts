import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../test/app.js';

const REDOCLY = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
/** `extends: [recommended]`, and examples that must fit their schemas. */
const REDOCLY_CONFIG = join(import.meta.dirname, '..', '..', 'redocly.yaml');
/** The committed document @ccp/client (the console's and integrators' client) is generated from. */
const COMMITTED = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'client', 'openapi.json');

/** The warnings the document keeps, each for a reason; any other warning fails like an error. */
const ACCEPTED_WARNINGS: readonly { ruleId: string; pointer: string; why: string }[] = [
  { ruleId: 'info-license', pointer: '#/info', why: 'a private product: there is no licence to name' },
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1health~1live/get/responses', why: 'a probe answers 200, never a 4xx' },
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1health~1ready/get/responses', why: 'a probe answers 200 or 503, never a 4xx' },
];

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

type Document = {
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
};

function operations(document: Document): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** `redocly lint` on the document, as JSON problems. Telemetry off: the tests reach nothing beyond this machine. */
function lint(document: Document): LintProblem[] {
  const scratch = mkdtempSync(join(tmpdir(), 'ccp-redocly-'));
  try {
    const file = join(scratch, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const run = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--config', REDOCLY_CONFIG, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    if (!run.stdout.trim().startsWith('{')) throw new Error(`redocly lint gave no report (exit ${run.status}): ${run.stderr}`);
    return (JSON.parse(run.stdout) as { problems: LintProblem[] }).problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const describeProblem = (p: LintProblem) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;

describe('the OpenAPI document at /api/docs/openapi.json, for integrators and their generated clients', () => {
  let app: NestFastifyApplication;
  let document: Document;
  beforeAll(async () => {
    app = await startApp();
    const res = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    document = res.json();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is the document @ccp/client is generated from (packages/client/openapi.json)', () => {
    // Parsed, not byte for byte: a formatter touching the file is not a change of the contract.
    const committed: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(committed, 'packages/client/openapi.json is stale: run "pnpm --filter @ccp/client openapi" and commit what it writes').toEqual(
      document,
    );
  });

  it("passes Redocly's recommended lint with no error, and only the warnings it keeps for a reason", { timeout: 60_000 }, () => {
    const problems = lint(document);
    const errors = problems.filter((p) => p.severity === 'error').map(describeProblem);
    expect(errors, `redocly lint --config apps/api/redocly.yaml found errors:\n${errors.join('\n')}`).toEqual([]);
    const warnings = problems.map((p) => ({ ruleId: p.ruleId, pointer: p.location[0]?.pointer }));
    const accepted = ACCEPTED_WARNINGS.map(({ ruleId, pointer }) => ({ ruleId, pointer }));
    const unexpected = warnings.filter((w) => !accepted.some((a) => a.ruleId === w.ruleId && a.pointer === w.pointer));
    expect(unexpected, 'warnings to fix, or to add to ACCEPTED_WARNINGS with a reason').toEqual([]);
  });

  it('names each operation with a verb in camelCase, once (postCallEvent, not CallsController_event)', () => {
    const ids = operations(document).map(({ method, path, operation }) => ({ route: `${method} ${path}`, id: operation.operationId }));
    for (const { route, id } of ids) {
      expect(id, route).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(id, route).not.toContain('Controller');
    }
    expect(new Set(ids.map(({ id }) => id)).size).toBe(ids.length);
    const idOf = (method: string, path: string) => ids.find((i) => i.route === `${method} ${path}`)?.id;
    expect(idOf('POST', '/api/v1/calls')).toBe('startCall');
    expect(idOf('POST', '/api/v1/calls/{callId}/events')).toBe('postCallEvent');
    expect(idOf('GET', '/api/v1/queues')).toBe('listQueues');
    expect(idOf('GET', '/api/v1/queues/{id}')).toBe('getQueue');
    expect(idOf('PUT', '/api/v1/recording-settings')).toBe('updateRecordingSettings');
    expect(idOf('POST', '/api/v1/exclusions/uploads')).toBe('uploadExclusions');
  });

  it('says who may call each operation, as the guard does: public ones explicitly none, API keys on /calls and /simulate only', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    // Secure by default, as the guard: a route without @Access needs a person's token.
    expect(document.security).toEqual([{ bearer: [] }]);
    const securityOf = (method: string, path: string) =>
      operations(document).find((o) => o.method === method && o.path === path)?.operation.security ?? document.security;
    for (const [method, path] of [
      ['POST', '/api/v1/auth/login'],
      ['GET', '/health/live'],
      ['GET', '/health/ready'],
    ] as const) {
      expect(securityOf(method, path), `${method} ${path}`).toEqual([]);
    }
    const withApiKey = operations(document)
      .filter(({ operation }) => (operation.security ?? document.security)?.some((requirement) => 'apiKey' in requirement))
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(withApiKey).toEqual([
      'GET /api/v1/calls/{callId}',
      'POST /api/v1/calls',
      'POST /api/v1/calls/{callId}/events',
      'POST /api/v1/simulate',
    ]);
  });

  it('gives every answer with a body its schema, errors as problem details', () => {
    const missing: string[] = [];
    for (const { method, path, operation } of operations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        // 204 and 304 have no body; /metrics answers Prometheus text.
        if (status === '204' || status === '304' || path === '/metrics') continue;
        const contents = Object.entries(response.content ?? {});
        if (contents.length === 0 || contents.some(([, content]) => !content.schema)) missing.push(`${method} ${path} ${status}`);
        if (Number(status) >= 400 && !path.startsWith('/health/') && !response.content?.['application/problem+json']) {
          missing.push(`${method} ${path} ${status} (not a problem)`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("types a call's customer as the number it is (a string, null when withheld), as its example", () => {
    expect(document.components.schemas.CallDocDto?.properties?.customer).toMatchObject({
      type: 'string',
      nullable: true,
      example: '+13105550142',
    });
  });
});

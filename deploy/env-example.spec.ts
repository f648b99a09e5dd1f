import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './testing/metrics-in-code.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The variables a process reads: every `read('NAME', …)` of its env.ts (the one reader of its environment). */
const readBy = (envFile: string) => [...read(envFile).matchAll(/\bread\('([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] as string);

/** The variables `.env.example` documents, set or commented out (`NAME=` or `#NAME=`). */
const documented = new Set([...read('.env.example').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string));

describe('.env.example', () => {
  it('documents every variable the api and the worker read', () => {
    const variables = new Set([...readBy('apps/api/src/config/env.ts'), ...readBy('apps/worker/src/config/env.ts'), 'QUEUE_PREFIX']);
    expect(variables.size).toBeGreaterThan(15);
    expect([...variables].filter((variable) => !documented.has(variable))).toEqual([]);
  });

  it('documents every variable compose.yaml takes from it', () => {
    const taken = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string));
    expect(taken.size).toBeGreaterThan(5);
    expect([...taken].filter((variable) => !documented.has(variable))).toEqual([]);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: unknown }>;
  };

  it('runs the one-shot migrate, two apis and two workers from the image, and HAProxy in front of the apis', () => {
    const commands = Object.fromEntries(Object.entries(compose.services).map(([name, service]) => [name, service.command?.[0]]));
    expect(commands).toMatchObject({ migrate: 'migrate', api1: 'api', api2: 'api', worker1: 'worker', worker2: 'worker' });
    const haproxy = read('deploy/haproxy/haproxy.cfg');
    expect(haproxy.match(/^\s*server (\S+) \1:3000$/gm)?.map((line) => line.trim().split(' ')[1])).toEqual(['api1', 'api2']);
    expect(haproxy).toMatch(/option httpchk GET \/health\/ready/);
  });

  it('lets only the migrate service change the schema', () => {
    for (const name of ['api1', 'api2', 'worker1', 'worker2']) expect(compose.services[name]?.environment?.MIGRATE_ON_START).toBe('false');
    expect(compose.services.migrate?.environment?.MIGRATE_ON_START).toBe('true');
  });
});

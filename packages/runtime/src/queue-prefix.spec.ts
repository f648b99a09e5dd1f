import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readQueuePrefix, variables } from './environment.js';
import { databaseIdentity, defaultQueuePrefix, type ServedDatabase } from './queue-prefix.js';

const sqlite = (file: string): ServedDatabase => ({ driver: 'sqlite', file });
const postgresql = (url: string): ServedDatabase => ({ driver: 'postgresql', url });

describe('defaultQueuePrefix: QUEUE_PREFIX when unset, derived from the database served', () => {
  const checkout = mkdtempSync(join(tmpdir(), 'ccp-checkout-'));
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('is a Redis Cluster hash tag, {ccp-<8 hex>}', () => {
    expect(defaultQueuePrefix(sqlite('./data/ccp.sqlite'), checkout)).toMatch(/^\{ccp-[0-9a-f]{8}\}$/);
    expect(defaultQueuePrefix(postgresql('postgresql://postgres@127.0.0.1:5432/ccp'))).toMatch(/^\{ccp-[0-9a-f]{8}\}$/);
  });

  it('is the same for every spelling of one SQLite file, existing or not yet', () => {
    const prefix = defaultQueuePrefix(sqlite('./data/ccp.sqlite'), checkout);
    expect(defaultQueuePrefix(sqlite('data/ccp.sqlite'), checkout)).toBe(prefix);
    expect(defaultQueuePrefix(sqlite(join(checkout, 'data', 'ccp.sqlite')), '/')).toBe(prefix);
    expect(defaultQueuePrefix(sqlite('../data/ccp.sqlite'), join(checkout, 'apps'))).toBe(prefix);
    // Through a symlink to the checkout, and once the folder exists.
    const link = `${checkout}-link`;
    symlinkSync(checkout, link);
    try {
      expect(defaultQueuePrefix(sqlite(join(link, 'data/ccp.sqlite')))).toBe(prefix);
      mkdirSync(join(checkout, 'data'));
      expect(defaultQueuePrefix(sqlite('./data/ccp.sqlite'), checkout)).toBe(prefix);
      expect(defaultQueuePrefix(sqlite(join(link, 'data/ccp.sqlite')))).toBe(prefix);
    } finally {
      rmSync(link);
    }
  });

  it('differs for two checkouts (the same relative DATABASE_URL, two folders) and for two databases', () => {
    const other = join(checkout, 'other-checkout');
    expect(defaultQueuePrefix(sqlite('./data/ccp.sqlite'), checkout)).not.toBe(defaultQueuePrefix(sqlite('./data/ccp.sqlite'), other));
    expect(defaultQueuePrefix(sqlite('./data/ccp.sqlite'), checkout)).not.toBe(defaultQueuePrefix(sqlite('./data/other.sqlite'), checkout));
    const prefixes = new Set(
      [
        'postgresql://postgres@127.0.0.1:5432/ccp',
        'postgresql://postgres@127.0.0.1:5432/ccp_staging',
        'postgresql://postgres@127.0.0.1:5433/ccp',
        'postgresql://postgres@db.internal:5432/ccp',
      ].map((url) => defaultQueuePrefix(postgresql(url))),
    );
    expect(prefixes.size).toBe(4);
  });

  it('is the same for one PostgreSQL database whatever the credentials, scheme, default port or parameters', () => {
    const prefix = defaultQueuePrefix(postgresql('postgresql://postgres@127.0.0.1:5432/ccp'));
    for (const url of [
      'postgresql://ccp:s3cret@127.0.0.1:5432/ccp',
      'postgres://replica:other%20password@127.0.0.1/ccp',
      'postgresql://127.0.0.1:5432/ccp?sslmode=disable',
    ]) {
      expect(defaultQueuePrefix(postgresql(url))).toBe(prefix);
    }
    expect(databaseIdentity(postgresql('postgresql://ccp:s3cret@DB.internal:6432/ccp'))).toBe('postgresql://db.internal:6432/ccp');
  });

  it('gives way to QUEUE_PREFIX when it is set', () => {
    const database = sqlite('./data/ccp.sqlite');
    expect(readQueuePrefix(variables({ QUEUE_PREFIX: '{ccp}' }).read, database)).toBe('{ccp}');
    expect(readQueuePrefix(variables({ QUEUE_PREFIX: '{ccp-staging}' }).read, database)).toBe('{ccp-staging}');
    expect(readQueuePrefix(variables({ QUEUE_PREFIX: ' ' }).read, database)).toBe(defaultQueuePrefix(database));
    const refused = variables({ QUEUE_PREFIX: 'ccp:jobs' });
    readQueuePrefix(refused.read, database);
    expect(() => refused.check()).toThrow('QUEUE_PREFIX must be 1 to 64 letters');
  });
});

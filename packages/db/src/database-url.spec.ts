import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url.js';

describe('DATABASE_URL', () => {
  it('names PostgreSQL by its URL and SQLite by a file', () => {
    expect(parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/ccp')).toEqual({
      driver: 'postgresql',
      url: 'postgresql://postgres@127.0.0.1:5432/ccp',
    });
    expect(parseDatabaseUrl('postgres://u:p@db/ccp').driver).toBe('postgresql');
    expect(parseDatabaseUrl('./data/ccp.sqlite')).toEqual({ driver: 'sqlite', file: './data/ccp.sqlite' });
    expect(parseDatabaseUrl('sqlite:/tmp/x.sqlite')).toEqual({ driver: 'sqlite', file: '/tmp/x.sqlite' });
    expect(parseDatabaseUrl('file:///tmp/x.sqlite')).toEqual({ driver: 'sqlite', file: '/tmp/x.sqlite' });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseDatabaseUrl('mysql://root@localhost/ccp')).toThrow(
      'DATABASE_URL "mysql://root@localhost/ccp" is neither postgresql://… nor a SQLite file',
    );
    expect(() => parseDatabaseUrl('  ')).toThrow('DATABASE_URL is empty');
  });
});

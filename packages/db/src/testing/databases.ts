/**
 * Fresh databases for integration tests: a temporary SQLite file, or a new PostgreSQL database on the
 * machine's server (never the shared `test` database itself). Each test file gets its own and drops it.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM as PostgreSqlORM } from '@mikro-orm/postgresql';

export type TestDriver = 'sqlite' | 'postgresql';

/** The drivers every persistence test runs on. */
export const TEST_DRIVERS: readonly TestDriver[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  readonly driver: TestDriver;
  /** A `DATABASE_URL` for the fresh database. */
  readonly url: string;
  /** Drops the database (close every connection to it first). */
  drop(): Promise<void>;
}

/** A PostgreSQL test database that can also go away and come back (fault tests), the server untouched. */
export interface PostgresTestDatabase extends TestDatabase {
  /** New connections are refused and every open one is cut, as in a database outage. */
  cutOff(): Promise<void>;
  /** Connections are accepted again. */
  restore(): Promise<void>;
}

const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(driver: 'postgresql'): Promise<PostgresTestDatabase>;
export async function createTestDatabase(driver: TestDriver): Promise<TestDatabase>;
export async function createTestDatabase(driver: TestDriver): Promise<TestDatabase> {
  const name = `ccp_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  if (driver === 'sqlite') {
    const file = join(tmpdir(), `${name}.sqlite`);
    return {
      driver,
      url: `sqlite:${file}`,
      async drop() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  await withAdmin((execute) => execute(`create database ${name}`));
  const database: PostgresTestDatabase = {
    driver,
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: () => withAdmin((execute) => execute(`drop database if exists ${name} with (force)`)),
    cutOff: () =>
      withAdmin(async (execute) => {
        await execute(`alter database ${name} allow_connections false`);
        await execute(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
      }),
    restore: () => withAdmin((execute) => execute(`alter database ${name} allow_connections true`)),
  };
  return database;
}

async function withAdmin(run: (execute: (sql: string) => Promise<unknown>) => Promise<unknown>): Promise<void> {
  const admin = await PostgreSqlORM.init({ clientUrl: adminUrl, entities: [], discovery: { warnWhenNoEntities: false } } as never);
  try {
    await run((sql) => admin.em.getConnection().execute(sql));
  } finally {
    await admin.close();
  }
}

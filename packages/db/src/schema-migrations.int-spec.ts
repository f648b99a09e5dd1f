/**
 * Migrations run once, under the migration lock, however many processes start at once
 * (schema-migrations.ts). The processes are real ones, on the built package (`pnpm build` first, as
 * turbo's `test` does): a lock inside one process would prove nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialectOf } from './call-history/sql.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/pg/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { type Orm, openDatabase } from './orm.js';
import { pendingMigrations, SchemaBehindError, withMigrationLock } from './schema-migrations.js';
import { createTestDatabase, TEST_DRIVERS, type TestDatabase } from './testing/databases.js';

const BUILT_PACKAGE = new URL('../dist/index.js', import.meta.url).href;
const MIGRATE_CLI = fileURLToPath(new URL('../dist/tools/migrate.js', import.meta.url));

/**
 * One process: opens the database without migrating, says `ready`, waits for a line on stdin, then
 * migrates, saying `waiting` if it finds the lock taken, and prints what it applied and whether it waited.
 */
const MIGRATING_PROCESS = `
const { openDatabase, migrateSchema } = await import(process.env.CCP_DB_PACKAGE);
const orm = await openDatabase(process.env.DATABASE_URL, { migrations: 'skip' });
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
let waited = false;
const applied = await migrateSchema(orm, {
  onWait: () => {
    waited = true;
    process.stdout.write('waiting\\n');
  },
});
await orm.close();
process.stdout.write(JSON.stringify({ applied, waited }) + '\\n');
process.stdin.destroy();
`;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  /** When the process printed `ready`, or ended. */
  readonly ready: Promise<void>;
  /** When the process printed `waiting`, or ended. */
  readonly waiting: Promise<void>;
  readonly finished: Promise<Finished>;
}

function run(args: readonly string[], databaseUrl: string): Running {
  const child = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: databaseUrl, CCP_DB_PACKAGE: BUILT_PACKAGE } });
  let stdout = '';
  let stderr = '';
  const said = (word: string) => {
    let heard: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      heard = resolve;
    });
    return {
      promise,
      check: () => {
        if (stdout.split('\n').includes(word)) heard();
      },
    };
  };
  const ready = said('ready');
  const waiting = said('waiting');
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
    ready.check();
    waiting.check();
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const finished = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  // A process that ends early must not leave the test waiting for it: the assertions say what went wrong.
  return {
    child,
    ready: Promise.race([ready.promise, finished.then(() => undefined)]),
    waiting: Promise.race([waiting.promise, finished.then(() => undefined)]),
    finished,
  };
}

async function tablesOf(orm: Orm): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<{ name: string }[]>(
      dialectOf(orm.em) === 'postgresql'
        ? "select tablename as name from pg_tables where schemaname = 'public'"
        : "select name from sqlite_master where type = 'table'",
    );
  return rows.map((row) => row.name);
}

describe.each(TEST_DRIVERS)('migrations on %s', (driver) => {
  const allMigrations = (driver === 'postgresql' ? POSTGRESQL_MIGRATIONS : SQLITE_MIGRATIONS).map((migration) => migration.name);
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(driver);
  });

  afterEach(async () => {
    await database?.drop();
  });

  it('four processes migrating a fresh database at once: each migration applied exactly once, none fails', {
    timeout: 120_000,
  }, async () => {
    const processes = Array.from({ length: 4 }, () => run(['--input-type=module', '-e', MIGRATING_PROCESS], database.url));
    await Promise.all(processes.map((process) => process.ready));
    // This test holds the lock while the four start migrating, so that all of them meet it, however
    // the machine schedules them, and then race for it as it is released.
    const holder = await openDatabase(database.url, { migrations: 'skip' });
    try {
      await withMigrationLock(holder, {}, async () => {
        for (const { child } of processes) child.stdin?.write('go\n');
        await Promise.all(processes.map((process) => process.waiting));
      });
    } finally {
      await holder.close();
    }
    const finished = await Promise.all(processes.map((process) => process.finished));

    for (const { code, stdout, stderr } of finished) {
      expect(stderr, stdout).toBe('');
      expect(code, stdout).toBe(0);
    }
    const reports = finished.map(
      ({ stdout }) => JSON.parse(stdout.split('\n').filter(Boolean).at(-1) ?? '{}') as { applied: string[]; waited: boolean },
    );
    expect(reports.map((report) => report.waited)).toEqual([true, true, true, true]);
    // One process applied them all (together, in one transaction); the others found nothing to do.
    expect(reports.flatMap((report) => report.applied).sort()).toEqual(allMigrations);
    expect(reports.filter((report) => report.applied.length > 0)).toHaveLength(1);

    const orm = await openDatabase(database.url, { migrations: 'skip' });
    try {
      const logged = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
      expect(logged.map((row) => row.name)).toEqual(allMigrations);
      expect(await pendingMigrations(orm)).toEqual([]);
      const tables = await tablesOf(orm);
      const entityTables = [...orm.getMetadata().getAll().values()]
        .filter((meta) => meta.tableName && !meta.embeddable)
        .map((meta) => meta.tableName);
      expect(entityTables.length).toBeGreaterThan(5);
      expect(tables).toEqual(expect.arrayContaining([...entityTables, 'kept_calls']));
    } finally {
      await orm.close();
    }
  });

  it('`migrate` (the CLI) prints what it applied, then that the schema is up to date', { timeout: 60_000 }, async () => {
    const first = await run([MIGRATE_CLI], database.url).finished;
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`applied ${allMigrations.length} migrations to `);
    expect(first.stdout).toContain(allMigrations.join(', '));

    const again = await run([MIGRATE_CLI], database.url).finished;
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(/^schema up to date/);
  });

  it('MIGRATE_ON_START=false: opening a database whose schema is behind is refused, saying to run `pnpm migrate`', {
    timeout: 60_000,
  }, async () => {
    const refused = openDatabase(database.url, { migrations: 'check' });
    await expect(refused).rejects.toThrow(SchemaBehindError);
    await expect(refused).rejects.toThrow(
      `the database schema is behind: ${allMigrations.length} migrations are not applied (${allMigrations.join(', ')}). Run \`pnpm migrate\``,
    );

    expect((await run([MIGRATE_CLI], database.url).finished).code).toBe(0);
    const orm = await openDatabase(database.url, { migrations: 'check' });
    await orm.close();
  });
});

describe('`migrate` refuses what it cannot use', () => {
  it('exits 1 naming a DATABASE_URL that is neither PostgreSQL nor SQLite', async () => {
    const bad = await run([MIGRATE_CLI], 'mysql://somewhere/db').finished;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('migrate: DATABASE_URL "mysql://somewhere/db" is neither postgresql://… nor a SQLite file');
  });

  it('exits 1 when the database does not answer, without showing its password', async () => {
    const away = await run([MIGRATE_CLI], 'postgresql://postgres:hunter2@127.0.0.1:1/nowhere').finished;
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^migrate: failed, nothing applied \(postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere\): /);
    expect(away.stderr).not.toContain('hunter2');
  });
});

/**
 * Applying the migrations once, whoever starts first. Every process that opens the database (each api
 * replica, each worker, `pnpm migrate`, the image's `migrate` command) may find it behind; they all run
 * the migrator, one at a time, under one database lock, and the ones that come after find nothing to do.
 * Without the lock, four processes starting on a fresh PostgreSQL database failed with `relation
 * "mikro_orm_migrations" already exists` and `duplicate key value violates unique constraint
 * "pg_type_typname_nsp_index"`; on SQLite with `table mikro_orm_migrations already exists` and
 * `database is locked` (migration-lock.int-spec.ts).
 */
import { dialectOf } from './call-history/sql.js';
import { isLockedOut, type Orm } from './orm.js';

/** pg_advisory_lock(MIGRATION_LOCKS, 0): held by whoever is migrating. Beside HISTORY_LOCKS (call-history/partitions.ts). */
export const MIGRATION_LOCKS = 0x4d47; // "MG"
const MIGRATION_LOCK = 0;

/**
 * How long a process waits on SQLite for another's write lock before migrating (its busy_timeout then).
 * On PostgreSQL the wait has no end: the lock goes with the session of a process that dies.
 */
const SQLITE_LOCK_WAIT_MS = 5 * 60_000;
/** The busy_timeout openDatabase sets for everything else (orm.ts). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export interface MigrationLockOptions {
  /** Called once when another process holds the lock, before waiting for it (the CLI says so). */
  readonly onWait?: () => void;
}

/** A process told not to migrate (MIGRATE_ON_START=false) found migrations not yet applied. */
export class SchemaBehindError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `the database schema is behind: ${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied ` +
        `(${pending.join(', ')}). Run \`pnpm migrate\` (in the image: its \`migrate\` command) against this DATABASE_URL, ` +
        'or start with MIGRATE_ON_START=true.',
    );
    this.name = 'SchemaBehindError';
  }
}

/**
 * Applies the pending migrations under the migration lock and returns their names, in order (none
 * when another process got there first). All of them commit together or none does.
 */
export function migrateSchema(orm: Orm, options: MigrationLockOptions = {}): Promise<string[]> {
  return withMigrationLock(orm, options, async () => (await orm.migrator.up()).map((migration) => migration.name));
}

/**
 * The migrations not yet applied, in order. Under the lock too: on a database never migrated, the
 * migrator creates its table first, and a migration under way is waited for rather than reported.
 */
export function pendingMigrations(orm: Orm, options: MigrationLockOptions = {}): Promise<string[]> {
  return withMigrationLock(orm, options, async () => (await orm.migrator.getPending()).map((migration) => migration.name));
}

/**
 * Runs `work` while this process alone holds the migration lock: what `migrateSchema` does with the
 * migrator, from its very start (creating its own table races too). Tests hold it to make other
 * processes wait.
 *
 * PostgreSQL: a session-level advisory lock, taken on one connection of the pool kept aside for it
 * and released on it after `work`, which runs on the others (the pool has at least two, see
 * orm.ts). A transaction-level lock would not do: the migrator checks for and creates its table
 * outside its transaction. A process that dies releases the lock with its session.
 *
 * SQLite: `BEGIN IMMEDIATE` on the process's one connection takes the database's write lock before
 * anything is read, and `work` runs inside that transaction (so SQLite's migrations are configured
 * non-transactional in orm.ts: the migrator must not begin its own). Another process's BEGIN
 * IMMEDIATE waits (busy_timeout) until this one commits, then reads what it wrote. A deferred
 * transaction would not do: it reads first, and then may not write once another process has
 * (SQLITE_BUSY_SNAPSHOT), whatever busy_timeout says. A process that dies releases the lock with its
 * file handle, and its transaction is rolled back.
 */
export async function withMigrationLock<T>(orm: Orm, options: MigrationLockOptions, work: () => Promise<T>): Promise<T> {
  const connection = orm.em.getConnection();
  if (dialectOf(orm.em) === 'postgresql') {
    return connection
      .getClient()
      .connection()
      .execute(async (session) => {
        const [first] = await connection.execute<{ locked: boolean }[]>(
          'select pg_try_advisory_lock(?, ?) as locked',
          [MIGRATION_LOCKS, MIGRATION_LOCK],
          'all',
          session,
        );
        if (!first?.locked) {
          options.onWait?.();
          await connection.execute('select pg_advisory_lock(?, ?)', [MIGRATION_LOCKS, MIGRATION_LOCK], 'run', session);
        }
        try {
          return await work();
        } finally {
          // Fails only when the session is gone, and its lock with it.
          await connection
            .execute('select pg_advisory_unlock(?, ?)', [MIGRATION_LOCKS, MIGRATION_LOCK], 'run', session)
            .catch(() => undefined);
        }
      });
  }
  try {
    await connection.execute('pragma busy_timeout = 0');
    try {
      await connection.execute('begin immediate', [], 'run');
    } catch (error) {
      if (!isLockedOut(error)) throw error;
      options.onWait?.();
      await connection.execute(`pragma busy_timeout = ${SQLITE_LOCK_WAIT_MS}`);
      await connection.execute('begin immediate', [], 'run');
    }
  } finally {
    await connection.execute(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  }
  try {
    const result = await work();
    await connection.execute('commit', [], 'run');
    return result;
  } catch (error) {
    await connection.execute('rollback', [], 'run').catch(() => undefined);
    throw error;
  }
}

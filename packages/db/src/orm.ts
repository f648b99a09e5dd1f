import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig as definePostgreSqlConfig, MikroORM as PostgreSqlORM } from '@mikro-orm/postgresql';
import type { AbstractSqlDriver, MikroORM, SqlEntityManager } from '@mikro-orm/sql';
import { defineConfig as defineSqliteConfig, MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { parseDatabaseUrl } from './database-url.js';
import { ENTITIES } from './entities/index.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/pg/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { migrateSchema, pendingMigrations, SchemaBehindError, SQLITE_BUSY_TIMEOUT_MS } from './schema-migrations.js';

/** The ORM of either driver: the api and the worker only use what both SQL drivers have. */
export type Orm = MikroORM<AbstractSqlDriver, SqlEntityManager>;

export interface OrmOptions {
  /** Log every SQL statement (debugging). */
  readonly debug?: boolean;
  /** Pool size for PostgreSQL; at least 2 (migrating holds one connection for its lock, see schema-migrations.ts). */
  readonly poolSize?: number;
}

/**
 * What opening the database does about migrations not yet applied: `apply` them (under the migration
 * lock, see schema-migrations.ts), `check` that there are none (else `SchemaBehindError`), or `skip`
 * both (a renewed pool of a process that did one of them at start).
 */
export type OnOpen = 'apply' | 'check' | 'skip';

export interface OpenOptions extends OrmOptions {
  /** `apply` unless set: `pnpm start` works on a fresh machine. MIGRATE_ON_START=false in the apps gives `check`. */
  readonly migrations?: OnOpen;
}

/** `kept_calls` and its partitions (`kept_calls_w20261207`, `kept_calls_held`): see call-history/partitions.ts. */
const HAND_WRITTEN_TABLES = /^kept_calls($|_)/;

/** How long connecting, or waiting for a free connection of the pool, may take on PostgreSQL. */
const CONNECT_WITHIN_MS = 5_000;

/** The MikroORM configuration for a `DATABASE_URL`; migrations are compiled in, so any working directory works. */
export function ormConfig(databaseUrl: string, options: OrmOptions = {}) {
  const target = parseDatabaseUrl(databaseUrl);
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    // The call history's tables, and on PostgreSQL the trigger that deletes an account's calls with
    // it, are written by hand (a partitioned table, which entities cannot describe): the schema diff
    // behind `migration:create` must neither drop nor alter them. Triggers declared on entities (none
    // yet) would still be created, only never dropped.
    schemaGenerator: { skipTables: [HAND_WRITTEN_TABLES], ignoreTriggers: true },
  };
  if (target.driver === 'postgresql') {
    return definePostgreSqlConfig({
      ...common,
      clientUrl: target.url,
      pool: { max: Math.max(2, options.poolSize ?? 10) },
      // A unit of work waiting for a connection gives up after this (a 503) instead of waiting for ever.
      driverOptions: { connectionTimeoutMillis: CONNECT_WITHIN_MS },
      migrations: { migrationsList: POSTGRESQL_MIGRATIONS, snapshot: false, transactional: true, silent: true },
    });
  }
  return defineSqliteConfig({
    ...common,
    dbName: target.file,
    // Not transactional here because migrateSchema runs them all in its own BEGIN IMMEDIATE
    // transaction (SQLite's migration lock), which the migrator must not try to nest.
    migrations: { migrationsList: SQLITE_MIGRATIONS, snapshot: false, transactional: false, silent: true },
  });
}

/**
 * Connects to the database of `DATABASE_URL` and brings its schema up to date (migrations run on
 * start, once whoever starts first: see schema-migrations.ts), or with `migrations: 'check'` refuses
 * (`SchemaBehindError`) when it is behind. A SQLite file's folder is created when missing; SQLite
 * runs in WAL mode so readers never wait for the writer.
 */
export async function openDatabase(databaseUrl: string, options: OpenOptions = {}): Promise<Orm> {
  const target = parseDatabaseUrl(databaseUrl);
  let orm: Orm;
  if (target.driver === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    orm = (await SqliteORM.init(ormConfig(databaseUrl, options) as Parameters<typeof SqliteORM.init>[0])) as unknown as Orm;
    // busy_timeout first: switching a fresh file to WAL takes a lock that another process starting may hold.
    await orm.em.getConnection().execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    await orm.em.getConnection().execute('PRAGMA journal_mode = WAL');
    await orm.em.getConnection().execute('PRAGMA foreign_keys = ON');
  } else {
    orm = (await PostgreSqlORM.init(ormConfig(databaseUrl, options) as Parameters<typeof PostgreSqlORM.init>[0])) as unknown as Orm;
  }
  try {
    const migrations = options.migrations ?? 'apply';
    if (migrations === 'apply') await migrateSchema(orm);
    if (migrations === 'check') {
      const pending = await pendingMigrations(orm);
      if (pending.length > 0) throw new SchemaBehindError(pending);
    }
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

/** A fresh EntityManager for one unit of work (a request, a job): never share one between them. */
export function unitOfWork(orm: Orm): SqlEntityManager {
  return orm.em.fork();
}

/** How long a transaction SQLite keeps refusing (the other writer still at work) is tried again: its busy_timeout. */
const LOCKED_OUT_RETRY_MS = 5_000;

/**
 * Runs `work` in one transaction. On SQLite, a transaction that read before writing fails at once
 * when another process (the worker, another replica) wrote in between: SQLITE_BUSY_SNAPSHOT when its
 * snapshot went stale, SQLITE_BUSY when the other writer still holds the lock (SQLite refuses to wait
 * then, to avoid a deadlock, whatever busy_timeout says). It is run again from the start, on a fresh
 * unit of work, for as long as busy_timeout would have waited: on a busy machine the other writer
 * may hold the lock a while. `work` must not have effects outside the transaction. PostgreSQL never
 * raises either.
 */
export async function inTransaction<T>(orm: Orm, work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCKED_OUT_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await orm.em.fork().transactional((em) => work(em as SqlEntityManager));
    } catch (error) {
      if (!isLockedOut(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 5, 50) + Math.random() * 10));
    }
  }
}

/** SQLite's "another writer holds the database" (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT). */
export function isLockedOut(error: unknown): boolean {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

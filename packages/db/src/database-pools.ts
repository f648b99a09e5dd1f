import { parseDatabaseUrl } from './database-url.js';
import { type OpenOptions, type Orm, openDatabase } from './orm.js';

/** How long closing a retired pool may take before we stop waiting for it. */
const CLOSE_WITHIN_MS = 5_000;
/** A retired pool stays open at least this long: units of work taken from it before may still be running. */
const RETIRED_GRACE_MS = 30_000;

interface Pool {
  readonly orm: Orm;
  users: number;
  retired: boolean;
  graceOver: boolean;
}

/**
 * A process's database (DATABASE_URL), opened and migrated (or checked) at start, whose PostgreSQL pool can be
 * renewed. When a connection dies inside a transaction (a database restart), kysely 0.29.6 (under
 * MikroORM 7.2.1) never gives it back to the pool once its ROLLBACK fails: each such outage would cost
 * pool slots for good, until the process waits for ever for a connection, and closing the pool would
 * wait for them for ever too. After a failure that says the database was away, `renew()` starts a new
 * pool for what comes next; the old one is closed once the work still using it (`with`) is done, and
 * not before RETIRED_GRACE_MS.
 */
export class DatabasePools {
  private current: Pool;
  private readonly retired = new Set<Pool>();
  private renewing: Promise<void> | undefined;

  /** Use `open()`. */
  constructor(
    orm: Orm,
    private readonly databaseUrl: string,
  ) {
    this.current = { orm, users: 0, retired: false, graceOver: false };
  }

  /** `options.migrations`: `apply` (the default) or `check` (MIGRATE_ON_START=false), see `openDatabase`. */
  static async open<T extends DatabasePools>(
    this: new (
      orm: Orm,
      databaseUrl: string,
    ) => T,
    databaseUrl: string,
    options: Pick<OpenOptions, 'migrations'> = {},
  ): Promise<T> {
    return new this(await openDatabase(databaseUrl, options), databaseUrl);
  }

  /** The current pool, for short pieces of work. */
  get orm(): Orm {
    return this.current.orm;
  }

  /** Runs a long piece of work (an import) on the current pool, which stays open until it is done. */
  async with<T>(work: (orm: Orm) => Promise<T>): Promise<T> {
    const pool = this.current;
    pool.users++;
    try {
      return await work(pool.orm);
    } finally {
      pool.users--;
      this.closeIfDone(pool);
    }
  }

  /**
   * A new pool for the next pieces of work (PostgreSQL; SQLite has no connection to lose). Calls
   * while one renewal runs share it; it fails while the database is still away, and the next
   * failure tries again. The schema was seen to at start: a renewal neither migrates nor waits for
   * the migration lock.
   */
  renew(): Promise<void> {
    if (parseDatabaseUrl(this.databaseUrl).driver !== 'postgresql') return Promise.resolve();
    this.renewing ??= openDatabase(this.databaseUrl, { migrations: 'skip' })
      .then((fresh) => {
        const old = this.current;
        this.current = { orm: fresh, users: 0, retired: false, graceOver: false };
        old.retired = true;
        this.retired.add(old);
        setTimeout(() => {
          old.graceOver = true;
          this.closeIfDone(old);
        }, RETIRED_GRACE_MS).unref();
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  async close(): Promise<void> {
    await Promise.all([this.current, ...this.retired].map((pool) => closeWithin(pool.orm)));
    this.retired.clear();
  }

  private closeIfDone(pool: Pool): void {
    if (!pool.retired || !pool.graceOver || pool.users > 0 || !this.retired.delete(pool)) return;
    void closeWithin(pool.orm);
  }
}

async function closeWithin(orm: Orm): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    orm.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WITHIN_MS);
    }),
  ]);
  clearTimeout(timer);
}

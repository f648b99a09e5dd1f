import { type Orm, openDatabase, parseDatabaseUrl } from '@ccp/db';

/** How long closing a pool may take before we stop waiting for it. */
const CLOSE_WITHIN_MS = 5_000;

interface Pool {
  readonly orm: Orm;
  users: number;
  retired: boolean;
}

/**
 * The worker's database (DATABASE_URL), opened and migrated at start, like the api's.
 *
 * On PostgreSQL the pool can be renewed: when a connection dies inside a transaction (a database
 * restart), kysely 0.29.6 (under MikroORM 7.2.1) never gives it back to the pool once its ROLLBACK
 * fails, so each such outage would cost a pool slot for good, and closing the pool would wait for it
 * forever. After a retryable failure the worker starts a new pool; the old one is closed once the
 * imports still using it are done.
 */
export class Database {
  private current: Pool;

  private constructor(
    orm: Orm,
    private readonly databaseUrl: string,
  ) {
    this.current = { orm, users: 0, retired: false };
  }

  static async open(databaseUrl: string): Promise<Database> {
    return new Database(await openDatabase(databaseUrl), databaseUrl);
  }

  /** The current pool, for a few short queries. */
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
      if (pool.retired && pool.users === 0) void closeWithin(pool.orm);
    }
  }

  /** A new pool for the next pieces of work (PostgreSQL; SQLite has no connection to lose). */
  async renew(): Promise<void> {
    if (parseDatabaseUrl(this.databaseUrl).driver !== 'postgresql') return;
    const fresh = await openDatabase(this.databaseUrl);
    const old = this.current;
    this.current = { orm: fresh, users: 0, retired: false };
    old.retired = true;
    if (old.users === 0) void closeWithin(old.orm);
  }

  close(): Promise<void> {
    return closeWithin(this.current.orm);
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

import { DatabasePools, inTransaction, unitOfWork } from '@ccp/db';
import type { SqlEntityManager } from '@mikro-orm/sql';

/**
 * The API's database (DATABASE_URL), opened and migrated at start. Services take a fresh unit of work
 * per call (`em()`), or run a whole change in one transaction (`transaction()`): a change and its
 * audit row commit together or not at all (ACC-4). An answer that the database was away renews the
 * pool (`ProblemDetailsFilter`; see `DatabasePools`).
 */
export class Database extends DatabasePools {
  em(): SqlEntityManager {
    return unitOfWork(this.orm);
  }

  /** One transaction, run again when SQLite finds its snapshot stale (`inTransaction`). */
  transaction<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.orm, work);
  }
}

import { DatabasePools } from '@ccp/db';

/**
 * The worker's database (DATABASE_URL), opened and migrated at start, like the api's. Long work
 * (an import, an export, a snapshot build) runs `with()` a pool; after a retryable failure the job's
 * retry gets a fresh pool (`renew()`, see `DatabasePools`).
 */
export class Database extends DatabasePools {}

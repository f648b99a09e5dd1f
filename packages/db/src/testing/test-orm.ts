/**
 * The database a vitest `describe` works on: its own fresh database, opened (migrated) before its tests
 * and closed and dropped after them. Apart from `databases.ts` because it registers vitest hooks, which
 * the benches and the Cucumber steps that create test databases must not load.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll } from 'vitest';
import { createAccount } from '../accounts.js';
import { type Orm, openDatabase } from '../orm.js';
import { createTestDatabase, type PostgresTestDatabase, type TestDatabase, type TestDriver } from './databases.js';

export interface TestOrm<Db extends TestDatabase = TestDatabase> {
  readonly database: Db;
  readonly orm: Orm;
  /** A unit of work of its own. */
  em(): SqlEntityManager;
  /** Creates an account with every feature on, named by its slug (by default a new one); returns its id. */
  account(slug?: string): Promise<string>;
}

/**
 * A fresh database of `driver` for the tests of the calling `describe`: read the fields inside the
 * tests (they are set in `beforeAll`). Hooks the caller adds after this call run after the database is
 * open and before it closes.
 */
export function useTestOrm(driver: 'postgresql'): TestOrm<PostgresTestDatabase>;
export function useTestOrm(driver: TestDriver): TestOrm;
export function useTestOrm(driver: TestDriver): TestOrm {
  let database: TestDatabase | undefined;
  let orm: Orm | undefined;
  let accounts = 0;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    orm = await openDatabase(database.url);
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test database is opened in beforeAll: use it inside the tests');
    return value;
  };
  return {
    get database() {
      return opened(database);
    },
    get orm() {
      return opened(orm);
    },
    em: () => opened(orm).em.fork(),
    async account(slug = `account-${++accounts}`) {
      const created = await createAccount(opened(orm).em.fork(), { slug, name: slug, contactCenterPro: true, enterpriseHubNetwork: true });
      return created.id;
    },
  };
}

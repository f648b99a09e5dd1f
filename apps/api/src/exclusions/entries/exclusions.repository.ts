import { type ExclusionEntry, ExclusionEntrySchema } from '@ccp/db';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';

/** The account's active list: every query names both, the prefix of the entries' primary key (ACC-3). */
export interface ListScope {
  readonly accountId: string;
  readonly listId: string;
}

export interface PageQuery {
  /** Entries after this one (keyset). */
  readonly after?: string;
  /** Only entries whose text contains these digits. */
  readonly digits?: string;
  readonly limit: number;
}

export type StoredEntry = Pick<ExclusionEntry, 'entry' | 'addedAt' | 'addedBy'>;

/**
 * The exclusion entries of a list, a million per account being normal: every query walks the primary
 * key (account, list, entry) from its scope prefix, in `entry` order, and stops at its limit.
 */
@Injectable()
export class ExclusionsRepository {
  /**
   * The entries of one page, in `entry` order: only the key column, so the database walks the primary
   * key alone (an index-only scan) from the scope prefix and stops at the limit. A search filters
   * that same walk: a rare term reads the account's list once, never another account's rows.
   */
  async keys(em: SqlEntityManager, scope: ListScope, query: PageQuery): Promise<string[]> {
    const entry = {
      ...(query.after === undefined ? {} : { $gt: query.after }),
      ...(query.digits === undefined ? {} : { $like: `%${query.digits}%` }),
    };
    const rows = await em
      .createQueryBuilder(ExclusionEntrySchema)
      .select('entry')
      .where({ accountId: scope.accountId, list: scope.listId, ...(Object.keys(entry).length > 0 ? { entry } : {}) })
      .orderBy({ entry: 'asc' })
      .limit(query.limit)
      .execute<Array<{ entry: string }>>('all', false);
    return rows.map((row) => row.entry);
  }

  /** The rows of some entries (a page's), by primary key, in `entry` order. */
  rows(em: SqlEntityManager, scope: ListScope, entries: readonly string[]): Promise<StoredEntry[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return em.find(
      ExclusionEntrySchema,
      { accountId: scope.accountId, list: scope.listId, entry: { $in: [...entries] } },
      { orderBy: { entry: 'asc' }, fields: ['entry', 'addedAt', 'addedBy'] },
    );
  }

  find(em: SqlEntityManager, scope: ListScope, entry: string): Promise<StoredEntry | null> {
    return em.findOne(
      ExclusionEntrySchema,
      { accountId: scope.accountId, list: scope.listId, entry },
      { fields: ['entry', 'addedAt', 'addedBy'] },
    );
  }

  /**
   * Inserts the entry unless the list has it already, in one statement (`on conflict do nothing`), so
   * two concurrent adds of one number insert it once and neither fails. True when it was inserted.
   */
  async insertIfAbsent(em: SqlEntityManager, scope: ListScope, row: StoredEntry): Promise<boolean> {
    const result = await em
      .createQueryBuilder(ExclusionEntrySchema)
      .insert({ accountId: scope.accountId, list: scope.listId, ...row })
      .onConflict(['accountId', 'list', 'entry'])
      .ignore()
      .execute('run');
    return result.affectedRows === 1;
  }

  /** True when the entry was there and is gone now. */
  async delete(em: SqlEntityManager, scope: ListScope, entry: string): Promise<boolean> {
    const removed = await em.nativeDelete(ExclusionEntrySchema, { accountId: scope.accountId, list: scope.listId, entry });
    return removed === 1;
  }
}

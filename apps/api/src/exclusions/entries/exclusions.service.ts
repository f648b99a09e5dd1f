import { activeExclusionListId, bumpPolicyRevision } from '@ccp/db';
import { displayExclusion, exclusionKind, normalizeExclusionEntry } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../../audit/audit.writer.js';
import { actorOf, type Principal } from '../../auth/principal.js';
import { Conflict, NotFound, RuleViolation } from '../../common/errors.js';
import { Database } from '../../database/database.js';
import { PolicyRegistry } from '../../policies/policy-registry.js';
import {
  type AddedExclusionDto,
  DEFAULT_PAGE_SIZE,
  type ExclusionDto,
  type ExclusionPageDto,
  type ExclusionQueryDto,
} from './dto/exclusion.dto.js';
import { decodeCursor, encodeCursor, entryOfPath, searchDigits } from './exclusion-query.js';
import { ExclusionsRepository, type ListScope, type StoredEntry } from './exclusions.repository.js';

/** Tries of an add whose entry another request deletes between our insert and our read (practically never twice). */
const ADD_ATTEMPTS = 3;

/** The account's exclusion list (EXC-1, EXC-6, EXC-7): listing, search, adding and deleting one entry. */
@Injectable()
export class ExclusionsService {
  constructor(
    private readonly database: Database,
    private readonly entries: ExclusionsRepository,
    private readonly audit: AuditWriter,
    private readonly policies: PolicyRegistry,
  ) {}

  /** One page of the active list in entry order, optionally only the entries containing the digits of `q`. */
  async list(principal: Principal, query: ExclusionQueryDto): Promise<ExclusionPageDto> {
    const em = this.database.em();
    const scope = await scopeOf(em, principal);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // One more than the page: whether there is a next page, without counting the list.
    const keys = await this.entries.keys(em, scope, {
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      digits: query.q === undefined ? undefined : searchDigits(query.q),
      limit: limit + 1,
    });
    const page = keys.slice(0, limit);
    const rows = await this.entries.rows(em, scope, page);
    const last = page[page.length - 1];
    return { items: rows.map(toDto), nextCursor: keys.length > limit && last !== undefined ? encodeCursor(last) : null };
  }

  /**
   * EXC-1: adds the entry, normalized. EXC-6: an entry listed already changes nothing (no audit row,
   * no rebuild) and says so. The audit row commits with the entry (ACC-4).
   */
  async add(principal: Principal, raw: unknown): Promise<AddedExclusionDto> {
    const parsed = normalizeExclusionEntry(raw);
    if (!parsed.ok) throw entryRefused(parsed.reason);
    const { entry, kind, display } = parsed.value;
    const outcome = await this.database.transaction(async (em) => {
      const scope = await scopeOf(em, principal);
      for (let attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
        const row: StoredEntry = { entry, addedAt: new Date(), addedBy: actorOf(principal).actorName };
        if (await this.entries.insertIfAbsent(em, scope, row)) {
          this.audit.record(em, principal, { action: 'exclusion.added', target: entry, after: { entry, kind, display } });
          await bumpPolicyRevision(em, principal.account.id, { exclusions: true });
          await em.flush();
          return { row, alreadyPresent: false };
        }
        const existing = await this.entries.find(em, scope, entry);
        if (existing) return { row: existing, alreadyPresent: true };
      }
      throw new Conflict(`${display} was added and deleted again while this request ran; try again`);
    });
    if (!outcome.alreadyPresent) await this.policies.refresh(principal.account);
    return { ...toDto(outcome.row), alreadyPresent: outcome.alreadyPresent };
  }

  /** EXC-7: deletes one entry, named by its E.164 number or area code; 404 when the list does not have it. */
  async remove(principal: Principal, raw: string): Promise<void> {
    const parsed = entryOfPath(raw);
    if (!parsed.ok) throw entryRefused(parsed.reason);
    const entry = parsed.value;
    const notListed = () => new NotFound(`${displayExclusion(entry)} is not on the exclusion list`);
    await this.database.transaction(async (em) => {
      const scope = await scopeOf(em, principal);
      const existing = await this.entries.find(em, scope, entry);
      // Checked twice: a concurrent delete of the same entry gets 404 and writes no audit row.
      if (!existing || !(await this.entries.delete(em, scope, entry))) throw notListed();
      this.audit.record(em, principal, { action: 'exclusion.deleted', target: entry, before: toDto(existing) });
      await bumpPolicyRevision(em, principal.account.id, { exclusions: true });
      await em.flush();
    });
    await this.policies.refresh(principal.account);
  }
}

/** ACC-3: the principal's account and its active list, the prefix every entry query is scoped by. */
async function scopeOf(em: SqlEntityManager, principal: Principal): Promise<ListScope> {
  const accountId = principal.account.id;
  return { accountId, listId: await activeExclusionListId(em, accountId) };
}

function toDto(row: StoredEntry): ExclusionDto {
  return {
    entry: row.entry,
    kind: exclusionKind(row.entry),
    display: displayExclusion(row.entry),
    addedAt: row.addedAt.toISOString(),
    addedBy: row.addedBy,
  };
}

/** EXC-1: the value is not an exclusion entry; the reason is policy-core's, shown beside the `entry` field. */
function entryRefused(reason: string): RuleViolation {
  return new RuleViolation('EXC-1', reason, [{ path: 'entry', message: reason }]);
}

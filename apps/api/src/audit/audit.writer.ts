import { AuditEntrySchema } from '@ccp/db';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../auth/principal.js';

export interface AuditChange {
  /** What happened, e.g. `recording-settings.updated`, `exclusion.added`. */
  readonly action: string;
  /** What it happened to, e.g. a queue id or an exclusion entry. */
  readonly target?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** ACC-4: records a change in the audit log, in the unit of work of the change, so both commit or neither. */
@Injectable()
export class AuditWriter {
  record(em: SqlEntityManager, principal: Principal, change: AuditChange): void {
    em.create(AuditEntrySchema, {
      account: principal.account.id,
      at: new Date(),
      ...actorOf(principal),
      action: change.action,
      target: change.target ?? null,
      before: change.before ?? null,
      after: change.after ?? null,
    });
  }
}

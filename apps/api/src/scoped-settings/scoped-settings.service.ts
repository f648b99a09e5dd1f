import { randomUUID } from 'node:crypto';
import { bumpPolicyRevision, RecordingSettingsSchema } from '@ccp/db';
import { type FilterQuery, OptimisticLockError, type RequiredEntityData } from '@mikro-orm/core';
import { type SqlEntityManager, UniqueConstraintViolationException } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import type { Principal } from '../auth/principal.js';
import { NotFound, VersionConflict } from '../common/errors.js';
import { Database } from '../database/database.js';
import { PolicyRegistry } from '../policies/policy-registry.js';
import type { Scope, ScopeRow } from './scope.js';

/** The row after a request, the default to resolve it with, and whether anything changed. */
type Outcome<Row, Setting> = { readonly row: Row; readonly defaultSetting: Setting; readonly changed: boolean };

/**
 * Scopes with custom settings (queues, employees), each the same way: every query is scoped by the
 * principal's account (ACC-3); every change checks the revision read, commits with its audit row
 * (ACC-4) and a new policy revision, then rebuilds the account's policy, so calls decided afterwards use it.
 */
@Injectable()
export class ScopedSettingsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly policies: PolicyRegistry,
  ) {}

  async list<Row extends ScopeRow, Setting, Dto, Create>(scope: Scope<Row, Setting, Dto, Create>, principal: Principal, custom?: boolean) {
    const em = this.database.em();
    const defaultSetting = await defaultOf(em, scope, principal);
    const filter = custom === undefined ? {} : scope.customFilter(custom);
    const rows = await em.find(scope.entity, { account: principal.account.id, ...filter } as FilterQuery<Row>);
    // Sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree on "-" and ".".
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((row) => scope.toDto(row, defaultSetting));
  }

  async get<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    id: string,
  ): Promise<Dto> {
    const em = this.database.em();
    const row = await find(em, scope, principal, id);
    return scope.toDto(row, await defaultOf(em, scope, principal));
  }

  /** A new scope follows the default (QUE-1, IND-1, IND-2). */
  async create<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    body: Create,
  ): Promise<Dto> {
    const draft = scope.draft(principal, body);
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome<Row, Setting>> => {
        await draft.checkUnique(em);
        const row = em.create(scope.entity, {
          id: randomUUID(),
          account: principal.account.id,
          key: draft.key,
          ...draft.columns,
          ...scope.customColumns(null),
        } as unknown as RequiredEntityData<Row>);
        this.audit.record(em, principal, { action: `${scope.action}.created`, target: draft.key, after: scope.snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, defaultSetting: await defaultOf(em, scope, principal), changed: true };
      })
      .catch((error: unknown) => {
        if (error instanceof UniqueConstraintViolationException) return draft.taken(this.database.em(), error);
        throw error;
      });
    return this.committed(scope, principal, outcome);
  }

  async delete<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    id: string,
    expectedRevision: number | undefined,
  ): Promise<void> {
    await this.database
      .transaction(async (em) => {
        const row = await find(em, scope, principal, id);
        checkRevision(row, expectedRevision);
        this.audit.record(em, principal, { action: `${scope.action}.deleted`, target: row.key, before: scope.snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        em.remove(row);
        await em.flush();
      })
      .catch(staleAsConflict(expectedRevision));
    await this.policies.refresh(principal.account);
  }

  /** QUE-3, IND-1, IND-2: custom settings that override the default, and keep doing so when it changes. */
  setCustom<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    id: string,
    expectedRevision: number,
    custom: Setting,
  ): Promise<Dto> {
    return this.changeCustom(scope, principal, id, expectedRevision, `${scope.action}.recording-set`, custom);
  }

  /** QUE-4, IND-4: Reset to Default: the scope follows the default again. */
  resetCustom<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    id: string,
    expectedRevision: number | undefined,
  ): Promise<Dto> {
    return this.changeCustom(scope, principal, id, expectedRevision, `${scope.action}.recording-reset`, null);
  }

  private async changeCustom<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    id: string,
    expectedRevision: number | undefined,
    action: string,
    custom: Setting | null,
  ): Promise<Dto> {
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome<Row, Setting>> => {
        const row = await find(em, scope, principal, id);
        checkRevision(row, expectedRevision);
        const defaultSetting = await defaultOf(em, scope, principal);
        const before = scope.snapshotOf(row);
        em.assign(row, scope.customColumns(custom) as never);
        const after = scope.snapshotOf(row);
        // Asking for what is already so changes nothing: no new revision, no audit row.
        if (JSON.stringify(before) === JSON.stringify(after)) return { row, defaultSetting, changed: false };
        this.audit.record(em, principal, { action, target: row.key, before, after });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, defaultSetting, changed: true };
      })
      .catch(staleAsConflict(expectedRevision));
    return this.committed(scope, principal, outcome);
  }

  /** After the commit: the account's policy includes the change before the caller hears of it. */
  private async committed<Row extends ScopeRow, Setting, Dto, Create>(
    scope: Scope<Row, Setting, Dto, Create>,
    principal: Principal,
    outcome: Outcome<Row, Setting>,
  ): Promise<Dto> {
    if (outcome.changed) await this.policies.refresh(principal.account);
    return scope.toDto(outcome.row, outcome.defaultSetting);
  }
}

/** The scope of the principal's account with this id: another account's answers 404 like a missing one (ACC-3). */
async function find<Row extends ScopeRow, Setting, Dto, Create>(
  em: SqlEntityManager,
  scope: Scope<Row, Setting, Dto, Create>,
  principal: Principal,
  id: string,
): Promise<Row> {
  const row = await em.findOne(scope.entity, { account: principal.account.id, key: id } as FilterQuery<Row>);
  if (!row) throw new NotFound(`${scope.noun} "${id}" was not found`);
  return row as Row;
}

async function defaultOf<Row extends ScopeRow, Setting, Dto, Create>(
  em: SqlEntityManager,
  scope: Scope<Row, Setting, Dto, Create>,
  principal: Principal,
): Promise<Setting> {
  return scope.defaultOf(await em.findOneOrFail(RecordingSettingsSchema, { account: principal.account.id }));
}

function checkRevision(row: ScopeRow, expected: number | undefined): void {
  if (expected !== undefined && row.revision !== expected) throw new VersionConflict(String(expected), String(row.revision));
}

/** Another admin saved between our read and our write: their change stands (412). */
function staleAsConflict(expected: number | undefined) {
  return (error: unknown): never => {
    if (error instanceof OptimisticLockError) throw new VersionConflict(expected === undefined ? undefined : String(expected), 'newer');
    throw error;
  };
}

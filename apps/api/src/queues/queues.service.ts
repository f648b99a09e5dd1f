import { randomUUID } from 'node:crypto';
import { bumpPolicyRevision, type Queue, QueueSchema, RecordingSettingsSchema } from '@ccp/db';
import type { ModeSetting } from '@ccp/policy-core';
import { OptimisticLockError } from '@mikro-orm/core';
import { type SqlEntityManager, UniqueConstraintViolationException } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import type { Principal } from '../auth/principal.js';
import { Conflict, NotFound, VersionConflict } from '../common/errors.js';
import { Database } from '../database/database.js';
import { PolicyRegistry } from '../policies/policy-registry.js';
import type { CreateQueueDto, QueueDto } from './dto/queue.dto.js';

/** What the audit log keeps of a queue (ACC-4). */
interface QueueSnapshot {
  readonly id: string;
  readonly name: string;
  readonly custom: ModeSetting | null;
}

/** The row after a request, the queue default to resolve it with, and whether anything changed. */
type Outcome = { readonly row: Queue; readonly queueDefault: ModeSetting; readonly changed: boolean };

/**
 * The account's queues and their recording settings: custom (QUE-3) or following the queue default
 * (QUE-1, QUE-2), reset to it (QUE-4), listed for the defaults screen (QUE-5). Every query is scoped
 * by the principal's account (ACC-3); every change commits with its audit row (ACC-4) and is followed
 * by a rebuild of the account's policy, so calls decided afterwards use it.
 */
@Injectable()
export class QueuesService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly policies: PolicyRegistry,
  ) {}

  async list(principal: Principal, custom?: boolean): Promise<QueueDto[]> {
    const em = this.database.em();
    const queueDefault = await queueDefaultOf(em, principal.account.id);
    const filter = custom === undefined ? {} : custom ? { customMode: { $ne: null } } : { customMode: null };
    const rows = await em.find(QueueSchema, { account: principal.account.id, ...filter });
    // Sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree on "-" and ".".
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((row) => toDto(row, queueDefault));
  }

  async get(principal: Principal, id: string): Promise<QueueDto> {
    const em = this.database.em();
    const row = await findQueue(em, principal, id);
    return toDto(row, await queueDefaultOf(em, principal.account.id));
  }

  async create(principal: Principal, body: CreateQueueDto): Promise<QueueDto> {
    const exists = () => new Conflict(`Queue "${body.id}" exists already in this account`);
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome> => {
        if ((await em.count(QueueSchema, { account: principal.account.id, key: body.id })) > 0) throw exists();
        const row = em.create(QueueSchema, {
          id: randomUUID(),
          account: principal.account.id,
          key: body.id,
          name: body.name,
          customMode: null,
          customAnnouncement: null,
        });
        this.audit.record(em, principal, { action: 'queue.created', target: body.id, after: snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, queueDefault: await queueDefaultOf(em, principal.account.id), changed: true };
      })
      .catch((error: unknown) => {
        // Another request created the same id between our check and our insert.
        if (error instanceof UniqueConstraintViolationException) throw exists();
        throw error;
      });
    return this.committed(principal, outcome);
  }

  async delete(principal: Principal, id: string, expectedRevision: number | undefined): Promise<void> {
    await this.database
      .transaction(async (em) => {
        const row = await findQueue(em, principal, id);
        checkRevision(row, expectedRevision);
        this.audit.record(em, principal, { action: 'queue.deleted', target: row.key, before: snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        em.remove(row);
        await em.flush();
      })
      .catch(staleAsConflict(expectedRevision));
    await this.policies.refresh(principal.account);
  }

  /** QUE-3: custom settings that override the queue default, and keep doing so when it changes. */
  setRecording(principal: Principal, id: string, expectedRevision: number, setting: ModeSetting): Promise<QueueDto> {
    return this.changeRecording(principal, id, expectedRevision, 'queue.recording-set', {
      mode: setting.mode,
      announcement: setting.announcement,
    });
  }

  /** QUE-4: Reset to Default: the queue follows the queue default again. */
  resetRecording(principal: Principal, id: string, expectedRevision: number | undefined): Promise<QueueDto> {
    return this.changeRecording(principal, id, expectedRevision, 'queue.recording-reset', null);
  }

  private async changeRecording(
    principal: Principal,
    id: string,
    expectedRevision: number | undefined,
    action: string,
    custom: ModeSetting | null,
  ): Promise<QueueDto> {
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome> => {
        const row = await findQueue(em, principal, id);
        checkRevision(row, expectedRevision);
        const queueDefault = await queueDefaultOf(em, principal.account.id);
        const before = snapshotOf(row);
        em.assign(row, { customMode: custom?.mode ?? null, customAnnouncement: custom?.announcement ?? null });
        const after = snapshotOf(row);
        // Asking for what is already so changes nothing: no new revision, no audit row.
        if (JSON.stringify(before) === JSON.stringify(after)) return { row, queueDefault, changed: false };
        this.audit.record(em, principal, { action, target: row.key, before, after });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, queueDefault, changed: true };
      })
      .catch(staleAsConflict(expectedRevision));
    return this.committed(principal, outcome);
  }

  /** After the commit: the account's policy includes the change before the caller hears of it. */
  private async committed(principal: Principal, outcome: Outcome): Promise<QueueDto> {
    if (outcome.changed) await this.policies.refresh(principal.account);
    return toDto(outcome.row, outcome.queueDefault);
  }
}

/** The queue of the principal's account with this id: another account's answers 404 like a missing one (ACC-3). */
async function findQueue(em: SqlEntityManager, principal: Principal, id: string): Promise<Queue> {
  const row = await em.findOne(QueueSchema, { account: principal.account.id, key: id });
  if (!row) throw new NotFound(`Queue "${id}" was not found`);
  return row;
}

function checkRevision(row: Queue, expected: number | undefined): void {
  if (expected !== undefined && row.revision !== expected) throw new VersionConflict(String(expected), String(row.revision));
}

/** Another admin saved between our read and our write: their change stands (412). */
function staleAsConflict(expected: number | undefined) {
  return (error: unknown): never => {
    if (error instanceof OptimisticLockError) throw new VersionConflict(expected === undefined ? undefined : String(expected), 'newer');
    throw error;
  };
}

/** QUE-1: the account's queue default now, read from its recording settings. */
async function queueDefaultOf(em: SqlEntityManager, accountId: string): Promise<ModeSetting> {
  const settings = await em.findOneOrFail(RecordingSettingsSchema, { account: accountId });
  return { mode: settings.queueMode, announcement: settings.queueAnnouncement };
}

function customOf(row: Queue): ModeSetting | null {
  return row.customMode && row.customAnnouncement ? { mode: row.customMode, announcement: row.customAnnouncement } : null;
}

function snapshotOf(row: Queue): QueueSnapshot {
  return { id: row.key, name: row.name, custom: customOf(row) };
}

function toDto(row: Queue, queueDefault: ModeSetting): QueueDto {
  const custom = customOf(row);
  return {
    id: row.key,
    name: row.name,
    custom,
    effective: custom ?? queueDefault,
    followsDefault: custom === null,
    revision: row.revision,
  };
}

import { randomUUID } from 'node:crypto';
import { bumpPolicyRevision, type Employee, EmployeeSchema, RecordingSettingsSchema } from '@ccp/db';
import { displayNumber, type IndividualSetting, normalizeNanpNumber } from '@ccp/policy-core';
import { OptimisticLockError } from '@mikro-orm/core';
import { type SqlEntityManager, UniqueConstraintViolationException } from '@mikro-orm/sql';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import type { Principal } from '../auth/principal.js';
import { Conflict, NotFound, ValidationFailed, VersionConflict } from '../common/errors.js';
import { Database } from '../database/database.js';
import { PolicyRegistry } from '../policies/policy-registry.js';
import type { CreateEmployeeDto, EmployeeDto } from './dto/employee.dto.js';

/** What the audit log keeps of an employee (ACC-4). */
interface EmployeeSnapshot {
  readonly id: string;
  readonly name: string;
  readonly directLine: string;
  readonly custom: IndividualSetting | null;
}

/** The row after a request, the individual defaults to resolve it with, and whether anything changed. */
type Outcome = { readonly row: Employee; readonly individualDefault: IndividualSetting; readonly changed: boolean };

/**
 * The account's employees, their direct lines and recording settings: custom inbound and outbound
 * settings, or the individual defaults (IND-1, IND-2), reset to them and listed for the defaults
 * screen (IND-4). Every query is scoped by the principal's account (ACC-3); every change commits with
 * its audit row (ACC-4) and is followed by a rebuild of the account's policy, so calls decided
 * afterwards use it.
 */
@Injectable()
export class EmployeesService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly policies: PolicyRegistry,
  ) {}

  async list(principal: Principal, custom?: boolean): Promise<EmployeeDto[]> {
    const em = this.database.em();
    const individualDefault = await individualDefaultOf(em, principal.account.id);
    const filter = custom === undefined ? {} : custom ? { inboundMode: { $ne: null } } : { inboundMode: null };
    const rows = await em.find(EmployeeSchema, { account: principal.account.id, ...filter });
    // Sorted here, not by the database: PostgreSQL's collation and SQLite's byte order disagree on "-" and ".".
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((row) => toDto(row, individualDefault));
  }

  async get(principal: Principal, id: string): Promise<EmployeeDto> {
    const em = this.database.em();
    const row = await findEmployee(em, principal, id);
    return toDto(row, await individualDefaultOf(em, principal.account.id));
  }

  async create(principal: Principal, body: CreateEmployeeDto): Promise<EmployeeDto> {
    const line = normalizeNanpNumber(body.directLine);
    if (!line.ok) throw new ValidationFailed([{ path: 'directLine', message: line.reason }]);
    const directLine = line.value;
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome> => {
        await checkUnique(em, principal, body.id, directLine);
        const row = em.create(EmployeeSchema, {
          id: randomUUID(),
          account: principal.account.id,
          key: body.id,
          name: body.name,
          directLine,
          inboundMode: null,
          inboundAnnouncement: null,
          outboundMode: null,
          outboundAnnouncement: null,
        });
        this.audit.record(em, principal, { action: 'employee.created', target: body.id, after: snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, individualDefault: await individualDefaultOf(em, principal.account.id), changed: true };
      })
      .catch(async (error: unknown) => {
        // Another request took the id or the line between our check and our insert: say which.
        if (error instanceof UniqueConstraintViolationException) await checkUnique(this.database.em(), principal, body.id, directLine);
        throw error;
      });
    return this.committed(principal, outcome);
  }

  async delete(principal: Principal, id: string, expectedRevision: number | undefined): Promise<void> {
    await this.database
      .transaction(async (em) => {
        const row = await findEmployee(em, principal, id);
        checkRevision(row, expectedRevision);
        this.audit.record(em, principal, { action: 'employee.deleted', target: row.key, before: snapshotOf(row) });
        await bumpPolicyRevision(em, principal.account.id);
        em.remove(row);
        await em.flush();
      })
      .catch(staleAsConflict(expectedRevision));
    await this.policies.refresh(principal.account);
  }

  /** IND-1, IND-2: custom inbound and outbound settings that override the individual defaults. */
  setRecording(principal: Principal, id: string, expectedRevision: number, setting: IndividualSetting): Promise<EmployeeDto> {
    return this.changeRecording(principal, id, expectedRevision, 'employee.recording-set', {
      inbound: { mode: setting.inbound.mode, announcement: setting.inbound.announcement },
      outbound: { mode: setting.outbound.mode, announcement: setting.outbound.announcement },
    });
  }

  /** IND-4: Reset to Default: the employee follows the individual defaults again. */
  resetRecording(principal: Principal, id: string, expectedRevision: number | undefined): Promise<EmployeeDto> {
    return this.changeRecording(principal, id, expectedRevision, 'employee.recording-reset', null);
  }

  private async changeRecording(
    principal: Principal,
    id: string,
    expectedRevision: number | undefined,
    action: string,
    custom: IndividualSetting | null,
  ): Promise<EmployeeDto> {
    const outcome = await this.database
      .transaction(async (em): Promise<Outcome> => {
        const row = await findEmployee(em, principal, id);
        checkRevision(row, expectedRevision);
        const individualDefault = await individualDefaultOf(em, principal.account.id);
        const before = snapshotOf(row);
        em.assign(row, {
          inboundMode: custom?.inbound.mode ?? null,
          inboundAnnouncement: custom?.inbound.announcement ?? null,
          outboundMode: custom?.outbound.mode ?? null,
          outboundAnnouncement: custom?.outbound.announcement ?? null,
        });
        const after = snapshotOf(row);
        // Asking for what is already so changes nothing: no new revision, no audit row.
        if (JSON.stringify(before) === JSON.stringify(after)) return { row, individualDefault, changed: false };
        this.audit.record(em, principal, { action, target: row.key, before, after });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return { row, individualDefault, changed: true };
      })
      .catch(staleAsConflict(expectedRevision));
    return this.committed(principal, outcome);
  }

  /** After the commit: the account's policy includes the change before the caller hears of it. */
  private async committed(principal: Principal, outcome: Outcome): Promise<EmployeeDto> {
    if (outcome.changed) await this.policies.refresh(principal.account);
    return toDto(outcome.row, outcome.individualDefault);
  }
}

/** The employee of the principal's account with this id: another account's answers 404 like a missing one (ACC-3). */
async function findEmployee(em: SqlEntityManager, principal: Principal, id: string): Promise<Employee> {
  const row = await em.findOne(EmployeeSchema, { account: principal.account.id, key: id });
  if (!row) throw new NotFound(`Employee "${id}" was not found`);
  return row;
}

/** 409 when the id, or the direct line, is taken in this account (another account may use both). */
async function checkUnique(em: SqlEntityManager, principal: Principal, id: string, directLine: string): Promise<void> {
  if ((await em.count(EmployeeSchema, { account: principal.account.id, key: id })) > 0) {
    throw new Conflict(`Employee "${id}" exists already in this account`);
  }
  const holder = await em.findOne(EmployeeSchema, { account: principal.account.id, directLine }, { fields: ['key'] });
  if (holder) throw new Conflict(`${displayNumber(directLine)} is already the direct line of employee "${holder.key}"`);
}

function checkRevision(row: Employee, expected: number | undefined): void {
  if (expected !== undefined && row.revision !== expected) throw new VersionConflict(String(expected), String(row.revision));
}

/** Another admin saved between our read and our write: their change stands (412). */
function staleAsConflict(expected: number | undefined) {
  return (error: unknown): never => {
    if (error instanceof OptimisticLockError) throw new VersionConflict(expected === undefined ? undefined : String(expected), 'newer');
    throw error;
  };
}

/** IND-1, IND-2: the account's individual defaults now, read from its recording settings. */
async function individualDefaultOf(em: SqlEntityManager, accountId: string): Promise<IndividualSetting> {
  const settings = await em.findOneOrFail(RecordingSettingsSchema, { account: accountId });
  return {
    inbound: { mode: settings.inboundMode, announcement: settings.inboundAnnouncement },
    outbound: { mode: settings.outboundMode, announcement: settings.outboundAnnouncement },
  };
}

/** Custom settings are all four columns or none (IND-4), as policy-settings.ts reads them. */
function customOf(row: Employee): IndividualSetting | null {
  const { inboundMode, inboundAnnouncement, outboundMode, outboundAnnouncement } = row;
  return inboundMode && inboundAnnouncement && outboundMode && outboundAnnouncement
    ? {
        inbound: { mode: inboundMode, announcement: inboundAnnouncement },
        outbound: { mode: outboundMode, announcement: outboundAnnouncement },
      }
    : null;
}

function snapshotOf(row: Employee): EmployeeSnapshot {
  return { id: row.key, name: row.name, directLine: row.directLine, custom: customOf(row) };
}

function toDto(row: Employee, individualDefault: IndividualSetting): EmployeeDto {
  const custom = customOf(row);
  return {
    id: row.key,
    name: row.name,
    directLine: row.directLine,
    directLineDisplay: displayNumber(row.directLine),
    custom,
    effective: custom ?? individualDefault,
    followsDefault: custom === null,
    revision: row.revision,
  };
}

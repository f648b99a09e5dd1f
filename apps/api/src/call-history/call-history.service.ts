import {
  type CallSearch,
  consentOf,
  dailyCallCounts,
  eraseCustomerCalls,
  findKeptCall,
  historySettings,
  holdCall,
  InvalidCursor,
  type KeptCall,
  type KeptCallRecord,
  type KeptCallSummary,
  loadSettingsVersions,
  releaseCall,
  searchCalls,
  setRetention,
  streamCalls,
} from '@ccp/db';
import { type CallEvent, callOutcome, evidenceScenario, normalizeExclusionEntry, normalizePhoneNumber } from '@ccp/policy-core';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { Conflict, NotFound, VersionConflict } from '../common/errors.js';
import { InvalidInput } from '../common/invalid-input.js';
import { Database } from '../database/database.js';
import type {
  CallPageDto,
  CallRecordDto,
  CallSearchQueryDto,
  CallSummaryDto,
  CallsOnDayDto,
  ErasureDto,
  HistorySettingsDto,
} from './dto/call-history.dto.js';
import { LiveTrails } from './live-trails.js';

const DEFAULT_LIMIT = 50;

/**
 * The call history for people (HIS-2..5, ACC-5): search, one call (live from Redis, or kept), its
 * evidence, holds, erasures and the retention period. Calls get here through the worker's history
 * writer (HIS-1); nothing here writes a call.
 */
@Injectable()
export class CallHistoryService {
  constructor(
    private readonly database: Database,
    private readonly live: LiveTrails,
    private readonly audit: AuditWriter,
  ) {}

  /** HIS-3: a page of kept calls, newest first. */
  async search(principal: Principal, query: CallSearchQueryDto): Promise<CallPageDto> {
    const search = searchOf(query);
    try {
      const page = await searchCalls(this.database.em(), principal.account.id, search, query.cursor ?? null, query.limit ?? DEFAULT_LIMIT);
      return { items: page.items.map(summaryDto), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursor) throw new InvalidInput([{ path: 'cursor', message: 'is not the nextCursor of a previous page' }]);
      throw error;
    }
  }

  /** HIS-3: every matching kept call, newest first, for the CSV. */
  matching(principal: Principal, query: CallSearchQueryDto): AsyncIterable<KeptCallRecord> {
    return streamCalls(this.database.em(), principal.account.id, searchOf(query));
  }

  /** One call: live or ended in Redis first (the newest), else the latest kept call with this id. */
  async record(principal: Principal, callId: string): Promise<CallRecordDto> {
    const live = await this.live.load(principal.account.id, callId);
    if (live) return recordDto(live.call, live.live ? 'live' : live.call.status, null);
    const kept = await findKeptCall(this.database.em(), principal.account.id, callId);
    if (!kept) throw notFound(callId);
    return recordDto(kept, kept.status, kept.hold);
  }

  /**
   * HIS-2: the call as a scenario file whose replay gives back its decisions: the settings of each
   * version it met (kept once per account by their base version), reduced to what the call touches,
   * with the exclusion entries that matched it.
   */
  async scenario(principal: Principal, callId: string): Promise<Record<string, unknown>> {
    const accountId = principal.account.id;
    const live = await this.live.load(accountId, callId);
    const call: KeptCall | KeptCallRecord | null = live?.call ?? (await findKeptCall(this.database.em(), accountId, callId));
    if (!call) throw notFound(callId);
    if (call.steps.length === 0) throw new Conflict(`Call "${callId}" has no decided event: there is nothing to prove`);
    const byVersion = new Map(call.versions.map((version) => [version.settingsVersion, version]));
    const settings = await loadSettingsVersions(this.database.em(), accountId, [...new Set(call.versions.map((v) => v.baseVersion))]);
    const versions: Array<Parameters<typeof evidenceScenario>[0]['versions'][number]> = [];
    call.steps.forEach((step, i) => {
      const name = step.answer.settingsVersion;
      if (i > 0 && call.steps[i - 1]?.answer.settingsVersion === name) return;
      const version = byVersion.get(name);
      const base = version && settings.get(version.baseVersion);
      if (!version || !base) throw new Conflict(`The settings of version ${name} were not kept: call "${callId}" cannot be replayed`);
      versions.push({ fromEvent: i, settings: base, matchedExclusions: version.matchedExclusions });
    });
    return evidenceScenario({
      call: call.call,
      events: call.steps.map((step) => step.answer.event as unknown as CallEvent),
      versions,
      meta: {
        account: principal.account.slug,
        callId: call.callId,
        startedAt: call.startedAt.toISOString(),
        receivedAt: call.steps.map((step) => step.receivedAt.toISOString()),
        settingsVersions: call.steps.map((step) => step.answer.settingsVersion),
      },
    }) as unknown as Record<string, unknown>;
  }

  /** HIS-4: a legal hold, audited. */
  async hold(principal: Principal, callId: string, reason: string): Promise<CallRecordDto> {
    const hold = { reason: reason.trim(), by: actorOf(principal).actorName, at: new Date() };
    return this.database.transaction(async (em) => {
      const held = await holdCall(em, principal.account.id, callId, hold);
      if (!held) throw await this.notKept(principal, callId);
      this.audit.record(em, principal, { action: 'call.held', target: callId, after: { reason: hold.reason } });
      return recordDto(held, held.status, held.hold);
    });
  }

  /** Why a call is not in the history: live or just ended (not yet written: 409), or unknown (404). */
  private async notKept(principal: Principal, callId: string): Promise<Error> {
    if (await this.live.load(principal.account.id, callId)) {
      return new Conflict(`Call "${callId}" is not in the history yet (live, or ended a moment ago): hold it once it is kept`);
    }
    return notFound(callId);
  }

  /** HIS-4: the hold released (the call expires with the retention again), audited. */
  async release(principal: Principal, callId: string): Promise<CallRecordDto> {
    return this.database.transaction(async (em) => {
      const before = await findKeptCall(em, principal.account.id, callId);
      const released = before && (await releaseCall(em, principal.account.id, callId));
      if (!before || !released) throw notFound(callId);
      this.audit.record(em, principal, {
        action: 'call.released',
        target: callId,
        before: before.hold ? { reason: before.hold.reason } : null,
      });
      return recordDto(released, released.status, released.hold);
    });
  }

  /** HIS-5: every kept call of one customer number erased; the audit keeps who, when and how many, never the number. */
  async erase(principal: Principal, raw: string): Promise<ErasureDto> {
    const number = normalizePhoneNumber(raw);
    if (!number.ok) throw new InvalidInput([{ path: 'number', message: number.reason }]);
    return this.database.transaction(async (em) => {
      const outcome = await eraseCustomerCalls(em, principal.account.id, number.value);
      this.audit.record(em, principal, { action: 'calls.erased', after: outcome });
      return outcome;
    });
  }

  async settings(principal: Principal): Promise<HistorySettingsDto> {
    return historySettings(this.database.em(), principal.account.id);
  }

  /** HIS-4: the retention period, with the revision read (If-Match), audited. */
  async setRetention(principal: Principal, retentionDays: number, revision: number): Promise<HistorySettingsDto> {
    return this.database.transaction(async (em) => {
      const before = await historySettings(em, principal.account.id);
      const outcome = await setRetention(em, principal.account.id, retentionDays, revision, actorOf(principal).actorName);
      if (outcome === 'stale') throw new VersionConflict(String(revision), String(before.revision));
      this.audit.record(em, principal, {
        action: 'history-settings.updated',
        before: { retentionDays: before.retentionDays },
        after: { retentionDays },
      });
      return outcome;
    });
  }

  /** The account's kept calls per day and outcome, for the console's chart. */
  async perDay(principal: Principal, from: string, to: string): Promise<CallsOnDayDto[]> {
    return dailyCallCounts(this.database.em(), principal.account.id, new Date(from), new Date(to));
  }
}

/** The query's filters, the number read as EXC-1 reads it (a number or an area code) or as any phone number. */
function searchOf(query: CallSearchQueryDto): CallSearch {
  let number: string | undefined;
  if (query.number !== undefined) {
    const entry = normalizeExclusionEntry(query.number);
    const phone = entry.ok ? null : normalizePhoneNumber(query.number);
    if (entry.ok) number = entry.value.entry;
    else if (phone?.ok) number = phone.value;
    else throw new InvalidInput([{ path: 'number', message: entry.reason }]);
  }
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && from >= to) throw new InvalidInput([{ path: 'to', message: 'must be after from' }]);
  return {
    number,
    from,
    to,
    queue: query.queue,
    employee: query.employee,
    outcome: query.outcome,
    rule: query.rule,
    consent: query.consent,
  };
}

export function summaryDto(call: KeptCallSummary): CallSummaryDto {
  return {
    callId: call.callId,
    call: call.call as unknown as CallSummaryDto['call'],
    status: call.status,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt.toISOString(),
    outcome: call.outcome,
    rules: [...call.rules],
    consent: { ...call.consent },
  };
}

function recordDto(call: KeptCall | KeptCallRecord, status: CallRecordDto['status'], hold: KeptCallRecord['hold']): CallRecordDto {
  const rules = new Set<string>();
  for (const step of call.steps) for (const rule of step.answer.rules) rules.add(rule);
  return {
    callId: call.callId,
    call: call.call as unknown as CallRecordDto['call'],
    status,
    startedAt: call.startedAt.toISOString(),
    endedAt: status === 'live' ? null : call.endedAt.toISOString(),
    outcome: callOutcome(call.steps.map((step) => step.answer as unknown as Parameters<typeof callOutcome>[0][number])),
    rules: [...rules],
    consent: consentOf(call.steps),
    hold: hold ? { reason: hold.reason, by: hold.by, at: hold.at.toISOString() } : null,
    steps: call.steps.map((step) => ({
      ...(step.answer as unknown as CallRecordDto['steps'][number]),
      receivedAt: step.receivedAt.toISOString(),
    })),
  };
}

function notFound(callId: string): NotFound {
  return new NotFound(`No call "${callId}" in this account's history`);
}

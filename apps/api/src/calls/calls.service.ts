import type { TrailHeader, TrailVersion } from '@ccp/jobs';
import {
  type Call,
  type CallEvent,
  type CompiledPolicy,
  callReferenceIssue,
  currentDecision,
  matchedExclusions,
  startSession,
  step,
  validateCall,
  validateEvent,
} from '@ccp/policy-core';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { Conflict, NotFound } from '../common/errors.js';
import { InvalidInput } from '../common/invalid-input.js';
import { PolicyRegistry } from '../policies/policy-registry.js';
import { CallMetrics } from './call-metrics.js';
import { CallSessionsRepository, type StoredCall } from './call-sessions.repository.js';
import { CALL_ID_PATTERN, type CallDecisionDto, type CallStepDto } from './dto/calls.dto.js';

/** Attempts at storing an event while other events of the same call keep winning the race, before 409. */
const MAX_ATTEMPTS = 5;

/**
 * Live call decisions: the policy from `PolicyRegistry` (in memory), the session from Redis, the
 * decision from policy-core's `step`. No database on this path.
 */
@Injectable()
export class CallsService {
  constructor(
    private readonly policies: PolicyRegistry,
    private readonly sessions: CallSessionsRepository,
    private readonly metrics: CallMetrics,
  ) {}

  /** Starts a call session (nothing decided yet: the first event is `connected`). 409 when the id is taken in this account. */
  async start(principal: Principal, callId: string, input: unknown): Promise<CallDecisionDto> {
    const call = validateCall(input, 'call');
    if (!call.ok) throw new InvalidInput(call.issues);
    const policy = await this.policies.get(principal.account.id);
    const reference = callReferenceIssue(call.value, policy);
    if (reference) throw new InvalidInput([reference]);
    const session = startSession(call.value);
    const startedAt = Date.now();
    const header: TrailHeader = { callId, call: call.value, startedAt, version: trailVersion(policy, call.value) };
    if (!(await this.sessions.create(principal.account.id, callId, { settingsVersion: policy.version, startedAt, session }, header))) {
      throw new Conflict(`A call with the id "${callId}" exists in this account already`);
    }
    return { callId, settingsVersion: policy.version, ...currentDecision(session) };
  }

  /**
   * Applies one event under the account's live policy and stores the new session with a
   * compare-and-set: when another event of the call was stored in between, this one is applied
   * again to the newer session (it may then be impossible: 422), so no event is ever lost.
   */
  async event(principal: Principal, callId: string, input: unknown): Promise<CallStepDto> {
    const receivedAt = Date.now();
    const event = validateEvent(input, 'event');
    if (!event.ok) throw new InvalidInput(event.issues);
    const accountId = principal.account.id;
    for (let attempt = 1; ; attempt++) {
      const stored = CALL_ID_PATTERN.test(callId) ? await this.sessions.load(accountId, callId) : null;
      if (!stored) throw notFound(callId);
      const policy = await this.policies.get(accountId);
      const outcome = step(stored.session, event.value, policy);
      if (!outcome.ok) throw new InvalidInput([{ path: 'event', message: outcome.reason }]);
      const answer: CallStepDto = { event: event.value, ...outcome.decision, settingsVersion: policy.version };
      const version = trailVersionOf(policy, stored, event.value);
      const record = { settingsVersion: policy.version, startedAt: stored.startedAt, session: outcome.session };
      const written = await this.sessions.replace(accountId, callId, stored, record, { at: receivedAt, answer, version });
      if (written === 'missing') throw notFound(callId);
      if (written === 'stored') {
        this.metrics.decided(outcome.decision.rules);
        return answer;
      }
      if (attempt === MAX_ATTEMPTS) {
        throw new Conflict(`Other events of call "${callId}" kept changing it while this one was applied; send it again`);
      }
    }
  }

  /** The call's current decision, as after its last event. */
  async get(principal: Principal, callId: string): Promise<CallDecisionDto> {
    const stored = CALL_ID_PATTERN.test(callId) ? await this.sessions.load(principal.account.id, callId) : null;
    if (!stored) throw notFound(callId);
    return { callId, settingsVersion: stored.settingsVersion, ...currentDecision(stored.session) };
  }
}

/** What the call history keeps of the settings version that decides a call (HIS-2). */
function trailVersion(policy: CompiledPolicy, call: Call, answeredBy?: readonly string[]): TrailVersion {
  return {
    settingsVersion: policy.version,
    baseVersion: policy.baseVersion,
    matchedExclusions: matchedExclusions(policy, call, answeredBy),
  };
}

/**
 * HIS-2: the version a step carries into the trail, when the history needs it: the first step under a
 * version, and an answer by an employee whose direct line is listed (it names EXC-5 in the trace, so
 * the evidence must list that line). The writer merges the entries of one version.
 */
function trailVersionOf(policy: CompiledPolicy, stored: StoredCall, event: CallEvent): TrailVersion | undefined {
  const answerer = event.type === 'answered' ? event.employee : undefined;
  const answeredBy = answerer === undefined ? undefined : [answerer];
  if (policy.version !== stored.settingsVersion) return trailVersion(policy, stored.session.call, answeredBy);
  if (answerer !== undefined && policy.employees.get(answerer)?.directLineListed)
    return trailVersion(policy, stored.session.call, answeredBy);
  return undefined;
}

/** Unknown, expired, or another account's (ACC-3): the same answer. */
function notFound(callId: string): NotFound {
  return new NotFound(`No call "${callId}" in this account (unknown, or expired)`);
}

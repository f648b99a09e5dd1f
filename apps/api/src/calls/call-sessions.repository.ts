import { randomBytes } from 'node:crypto';
import {
  activeCallsKey,
  callAccountsKey,
  callSessionKey,
  closedCallFields,
  closedCallsKey,
  closedCallsStreamKey,
  moveExpiredLua,
  TRAIL_TTL_MS,
  type TrailHeader,
  type TrailStep,
  trailId,
  trailKey,
} from '@ccp/jobs';
import type { CallSession } from '@ccp/policy-core';
import { duplicateRedis, LuaScript, RedisClient } from '@ccp/runtime';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisGuard } from '../redis/redis-guard.js';
import { readStoredSession } from './stored-session.js';

/** An ended call stays readable (`GET /calls/{id}`) this long, then expires. */
export const ENDED_RETENTION_MS = 5 * 60 * 1000;

/** What is stored per call: the session, the settings version of its last decision, and when it started. */
export interface CallRecord {
  readonly settingsVersion: string;
  /**
   * When the api received `POST /calls` (ms): with the call id, the id of the call's trail (HIS-1).
   * Absent on sessions stored before the history existed: they have no trail.
   */
  readonly startedAt?: number;
  readonly session: CallSession;
}

/** A stored call and its sequence number, which a write must name to replace it (compare-and-set). */
export interface StoredCall extends CallRecord {
  readonly seq: number;
}

export type ReplaceOutcome = 'stored' | 'lost-race' | 'missing';

/*
 * Keys (see @ccp/jobs call-trails.ts for the trails, the closed calls and the accounts set):
 *   ccp:{<account>}:call:<callId>   "<seq> <write id> <json CallRecord>", expiring (CALL_SESSION_TTL_SECONDS, sliding)
 *   ccp:{<account>}:calls:active    sorted set of the account's live trail ids, scored by expiry (ms)
 *   ccp:{<account>}:trail:<trailId> the call's trail: every answered step, for the history
 *   ccp:{<account>}:calls:closed    trail ids of calls ended or expired, waiting for the history's writer
 */
/** How far past a call's expiry its account is noted in the accounts set (the gauge and the sweep only need it not to go early). */
const NOTE_AHEAD_MS = 60_000;

/*
 * Both scripts may run twice for one write: ioredis sends again, on reconnection, the commands whose
 * answer the lost connection took with it, and they may have run. The write id in the value tells
 * that second run that the value there is its own (done: 1), not another write's (0).
 */

/**
 * Creates the call unless its id exists (SET NX) and starts its trail; adds it to the live calls,
 * moving those whose session expired to the closed calls, for the history (MOVE_EXPIRED_LUA).
 * KEYS: session, active, trail, closed. ARGV: value, ttl, expiry, trail id, now, trail header, trail ttl, session key prefix.
 */
const CREATE_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
  return 0
end
${moveExpiredLua({ active: 'KEYS[2]', closed: 'KEYS[4]', now: 'ARGV[5]', sessionPrefix: 'ARGV[8]', ttl: 'ARGV[7]' })}
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
-- As long as a trail: the sweep must find the sessions that expire, after they are gone.
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('DEL', KEYS[3])
redis.call('RPUSH', KEYS[3], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
return 1`;

/**
 * Replaces the call only if its sequence number is still the one read (compare-and-set): of two
 * events racing on one call, the second write fails here and is retried on the new session. The step
 * joins the call's trail in the same script (RPUSHX: a session without a trail stays without), and an
 * ended call's trail joins the closed calls. -1: the call expired meanwhile; 0: another write came
 * first; 1: stored.
 * KEYS: session, active, trail, closed. ARGV: seq, value, ttl, expiry, trail id, ended, step, trail ttl, now.
 */
const REPLACE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if string.match(current, '^%d+') ~= ARGV[1] then
  if current == ARGV[2] then return 1 end
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
local kept = redis.call('RPUSHX', KEYS[3], ARGV[7]) > 0
if kept then redis.call('PEXPIRE', KEYS[3], ARGV[8]) end
if ARGV[6] == '1' then
  redis.call('ZREM', KEYS[2], ARGV[5])
  if kept then
    redis.call('ZADD', KEYS[4], ARGV[9], ARGV[5])
    redis.call('PEXPIRE', KEYS[4], ARGV[8])
  end
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[8])
end
return 1`;

const CREATE = new LuaScript(CREATE_LUA);
const REPLACE = new LuaScript(REPLACE_LUA);

/**
 * Call sessions in Redis: the live call decision path's only store (no database), and the trail of
 * every call for the history (HIS-1). Every Redis failure becomes `ServiceUnavailable` (503): a call
 * is never decided on a guess, and a 503 always means that nothing was stored.
 */
@Injectable()
export class CallSessionsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(CallSessionsRepository.name);
  private readonly store: RedisGuard;
  /** Per account, how far ahead this replica has noted it in the accounts set. */
  private readonly accountsNotedUntil = new Map<string, number>();
  private readonly accountsKey: string;
  private readonly closedStream: string;
  /** A call nobody ends expires this long after its last event (CALL_SESSION_TTL_SECONDS, 4 hours by default). */
  private readonly sessionTtlMs: number;

  /**
   * A connection of its own (the shared connection's Redis and options) with auto-pipelining: the
   * commands of all requests in flight go out in one write per event-loop tick instead of one
   * write each (measured: about 6 % more events a second under load).
   */
  private readonly redis: RedisClient;

  constructor(@Inject(RedisClient) shared: RedisClient, config: AppConfig) {
    this.redis = duplicateRedis(shared, { connectionName: 'ccp-api-calls', enableAutoPipelining: true });
    this.store = new RedisGuard(
      this.redis,
      this.logger,
      'Redis refused a call session command',
      'The call session store (Redis) does not answer; try again shortly',
    );
    // Outages are logged once by RedisModule for the shared connection; requests here answer 503.
    this.redis.on('error', () => {});
    this.accountsKey = callAccountsKey(config.queuePrefix);
    this.closedStream = closedCallsStreamKey(config.queuePrefix);
    this.sessionTtlMs = config.callSessionTtlMs;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /**
   * Stores a new call and starts its trail with `header`; false when the account has a call with this
   * id already (live, or ended within ENDED_RETENTION_MS).
   */
  async create(
    accountId: string,
    callId: string,
    record: CallRecord & { readonly startedAt: number },
    header: TrailHeader,
  ): Promise<boolean> {
    const expiry = record.startedAt + this.sessionTtlMs;
    const trail = trailId(record.startedAt, callId);
    const [created] = await Promise.all([
      this.store.run(() =>
        CREATE.run(
          this.redis,
          [callSessionKey(accountId, callId), activeCallsKey(accountId), trailKey(accountId, trail), closedCallsKey(accountId)],
          [
            encode(0, record),
            this.sessionTtlMs,
            expiry,
            trail,
            record.startedAt,
            JSON.stringify(header),
            TRAIL_TTL_MS,
            callSessionKey(accountId, ''),
          ],
        ),
      ),
      this.noteAccount(accountId, expiry),
    ]);
    return created === 1;
  }

  /** The call, or null when the account has none with this id (never had, expired, or another account's). */
  async load(accountId: string, callId: string): Promise<StoredCall | null> {
    const value = await this.store.run(() => this.redis.get(callSessionKey(accountId, callId)));
    return value === null ? null : decode(value);
  }

  /**
   * Replaces the call read as `previous` and appends `step` to its trail, unless another write came
   * first (`lost-race`) or it expired (`missing`). An ended call's trail is announced to the history's
   * writers.
   */
  async replace(accountId: string, callId: string, previous: StoredCall, record: CallRecord, step: TrailStep): Promise<ReplaceOutcome> {
    const ended = record.session.phase === 'ended';
    const now = Date.now();
    const ttl = ended ? ENDED_RETENTION_MS : this.sessionTtlMs;
    const expiry = now + ttl;
    const trail = record.startedAt === undefined ? callId : trailId(record.startedAt, callId);
    const [result] = await Promise.all([
      this.store.run(() =>
        REPLACE.run(
          this.redis,
          [callSessionKey(accountId, callId), activeCallsKey(accountId), trailKey(accountId, trail), closedCallsKey(accountId)],
          [
            String(previous.seq),
            encode(previous.seq + 1, record),
            ttl,
            expiry,
            trail,
            ended ? '1' : '0',
            JSON.stringify(step),
            TRAIL_TTL_MS,
            now,
          ],
        ),
      ),
      ended ? undefined : this.noteAccount(accountId, expiry),
    ]);
    if (result === 1 && ended && record.startedAt !== undefined) this.announceClosed(accountId, trail);
    return result === 1 ? 'stored' : result === 0 ? 'lost-race' : 'missing';
  }

  /** The accounts with calls that may still be live (noted ahead: a minute at most after their last call). */
  activeAccounts(): Promise<string[]> {
    return this.store.run(() => this.redis.zrangebyscore(this.accountsKey, Date.now(), '+inf'));
  }

  /** Calls connected or waiting, not ended and not expired, across the deployment's accounts (counted when metrics are scraped). */
  async countActive(): Promise<number> {
    const now = Date.now();
    const accounts = await this.activeAccounts();
    if (accounts.length === 0) return 0;
    // One command per account, not one pipeline: on a Redis Cluster the accounts' keys are on several
    // masters, and a pipeline must stay on one. Auto-pipelining still sends them in one write per node.
    const counts = await this.store.run(() =>
      Promise.all(accounts.map((accountId) => this.redis.zcount(activeCallsKey(accountId), now, '+inf'))),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * Tells the history's writers at once that a call ended (HIS-1). Not awaited and never failing the
   * answer: the trail is in the account's closed set already, where the writers' sweep finds it when
   * this message is lost.
   */
  private announceClosed(accountId: string, trail: string): void {
    this.redis.xadd(this.closedStream, '*', ...closedCallFields({ accountId, trail })).catch(() => {});
  }

  /**
   * Keeps the account in the accounts set until `expiry` at least (its score only grows). Sent with
   * the script (auto-pipelined: the same write); a failure here only delays the gauge and the sweep,
   * never the answer.
   */
  private async noteAccount(accountId: string, expiry: number): Promise<void> {
    // Noted a minute ahead, so that a busy account costs one write a minute, not one an event.
    const noted = this.accountsNotedUntil.get(accountId);
    if (noted !== undefined && noted >= expiry) return;
    const until = expiry + NOTE_AHEAD_MS;
    this.accountsNotedUntil.set(accountId, until);
    await this.redis.zadd(this.accountsKey, 'GT', until, accountId).catch(() => this.accountsNotedUntil.delete(accountId));
  }
}

function encode(seq: number, record: CallRecord): string {
  return `${seq} ${randomBytes(6).toString('base64url')} ${JSON.stringify(record)}`;
}

/** Reads "<seq> <write id> <json>", and the "<seq> <json>" of calls stored before write ids, and sessions stored before consent. */
function decode(value: string): StoredCall {
  const record = JSON.parse(value.slice(value.indexOf('{'))) as CallRecord;
  return { ...record, session: readStoredSession(record.session), seq: Number(value.slice(0, value.indexOf(' '))) };
}

import { createHash, randomBytes } from 'node:crypto';
import type { CallSession } from '@ccp/policy-core';
import { isDisconnected } from '@ccp/runtime';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, ReplyError } from 'ioredis';
import { ServiceUnavailable } from '../common/errors.js';

/** A call nobody ends is forgotten this long after its last event. */
export const SESSION_TTL_MS = 4 * 60 * 60 * 1000;
/** An ended call stays readable (`GET /calls/{id}`) this long, then expires. */
export const ENDED_RETENTION_MS = 5 * 60 * 1000;

/** What is stored per call: the session and the settings version of its last decision. */
export interface CallRecord {
  readonly settingsVersion: string;
  readonly session: CallSession;
}

/** A stored call and its sequence number, which a write must name to replace it (compare-and-set). */
export interface StoredCall extends CallRecord {
  readonly seq: number;
}

export type ReplaceOutcome = 'stored' | 'lost-race' | 'missing';

/*
 * Keys, hash-tagged by account so that a Redis Cluster keeps an account's keys in one slot (the
 * scripts touch two of them):
 *   ccp:{<account>}:call:<callId>   "<seq> <write id> <json CallRecord>", expiring (SESSION_TTL_MS, sliding)
 *   ccp:{<account>}:calls:active    sorted set of the account's live call ids, scored by expiry (ms)
 *   ccp:calls:accounts:by-expiry    sorted set of the accounts with live calls, scored by their latest
 *                                   call's expiry (for the active gauge; outside the scripts, as it
 *                                   spans accounts and so slots)
 */
const callKey = (accountId: string, callId: string) => `ccp:{${accountId}}:call:${callId}`;
const activeKey = (accountId: string) => `ccp:{${accountId}}:calls:active`;
const ACCOUNTS_KEY = 'ccp:calls:accounts:by-expiry';
/** How far past a call's expiry its account is noted in ACCOUNTS_KEY (the gauge only needs it not to go early). */
const NOTE_AHEAD_MS = 60_000;

/*
 * Both scripts may run twice for one write: ioredis sends again, on reconnection, the commands whose
 * answer the lost connection took with it, and they may have run. The write id in the value tells
 * that second run that the value there is its own (done: 1), not another write's (0).
 */

/** Creates the call unless its id exists (SET NX); adds it to the live calls, dropping expired ones. */
const CREATE_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

/**
 * Replaces the call only if its sequence number is still the one read (compare-and-set): of two
 * events racing on one call, the second write fails here and is retried on the new session.
 * -1: the call expired meanwhile; 0: another write came first; 1: stored.
 */
const REPLACE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if string.match(current, '^%d+') ~= ARGV[1] then
  if current == ARGV[2] then return 1 end
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[6] == '1' then
  redis.call('ZREM', KEYS[2], ARGV[5])
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return 1`;

/**
 * A Lua script run by its SHA-1 (EVALSHA), sent whole (EVAL) only when Redis does not know it (after
 * a restart emptied its script cache). Not ioredis's `defineCommand`: on an auto-pipelined connection
 * it sends the whole script with every batch, and keeps each batch (its sessions' JSON included)
 * alive until a full garbage collection, as its "loaded on this socket" set is keyed by the batch.
 */
class LuaScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof ReplyError && (error as Error).message.startsWith('NOSCRIPT'))) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

const CREATE = new LuaScript(CREATE_LUA);
const REPLACE = new LuaScript(REPLACE_LUA);

/**
 * Call sessions in Redis: the live call decision path's only store (no database). Every Redis failure
 * becomes `ServiceUnavailable` (503): a call is never decided on a guess.
 */
@Injectable()
export class CallSessionsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(CallSessionsRepository.name);
  /** Per account, how far ahead this replica has noted it in ACCOUNTS_KEY. */
  private readonly accountsNotedUntil = new Map<string, number>();

  /**
   * A connection of its own (REDIS_URL, the shared connection's options) with auto-pipelining: the
   * commands of all requests in flight go out in one write per event-loop tick instead of one
   * write each (measured: about 6 % more events a second under load).
   */
  private readonly redis: Redis;

  constructor(shared: Redis) {
    this.redis = shared.duplicate({ connectionName: 'ccp-api-calls', enableAutoPipelining: true });
    // Outages are logged once by RedisModule for the shared connection; requests here answer 503.
    this.redis.on('error', () => {});
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** Stores a new call; false when the account has a call with this id already (live, or ended within ENDED_RETENTION_MS). */
  async create(accountId: string, callId: string, record: CallRecord): Promise<boolean> {
    const now = Date.now();
    const expiry = now + SESSION_TTL_MS;
    const [created] = await Promise.all([
      this.guard(() =>
        CREATE.run(
          this.redis,
          [callKey(accountId, callId), activeKey(accountId)],
          [encode(0, record), SESSION_TTL_MS, expiry, callId, now],
        ),
      ),
      this.noteAccount(accountId, expiry),
    ]);
    return created === 1;
  }

  /** The call, or null when the account has none with this id (never had, expired, or another account's). */
  async load(accountId: string, callId: string): Promise<StoredCall | null> {
    const value = await this.guard(() => this.redis.get(callKey(accountId, callId)));
    return value === null ? null : decode(value);
  }

  /** Replaces the call read as `previous`, unless another write came first (`lost-race`) or it expired (`missing`). */
  async replace(accountId: string, callId: string, previous: StoredCall, record: CallRecord): Promise<ReplaceOutcome> {
    const ended = record.session.phase === 'ended';
    const ttl = ended ? ENDED_RETENTION_MS : SESSION_TTL_MS;
    const expiry = Date.now() + ttl;
    const [result] = await Promise.all([
      this.guard(() =>
        REPLACE.run(
          this.redis,
          [callKey(accountId, callId), activeKey(accountId)],
          [String(previous.seq), encode(previous.seq + 1, record), ttl, expiry, callId, ended ? '1' : '0'],
        ),
      ),
      ended ? undefined : this.noteAccount(accountId, expiry),
    ]);
    return result === 1 ? 'stored' : result === 0 ? 'lost-race' : 'missing';
  }

  /** Calls connected or waiting, not ended and not expired, across all accounts (counted when metrics are scraped). */
  async countActive(): Promise<number> {
    const now = Date.now();
    // Accounts whose latest call expired have no live call left.
    const [, accounts] = await Promise.all([
      this.guard(() => this.redis.zremrangebyscore(ACCOUNTS_KEY, '-inf', now)),
      this.guard(() => this.redis.zrangebyscore(ACCOUNTS_KEY, now, '+inf')),
    ]);
    if (accounts.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const accountId of accounts) {
      pipeline.zremrangebyscore(activeKey(accountId), '-inf', now);
      pipeline.zcard(activeKey(accountId));
    }
    const replies = (await this.guard(() => pipeline.exec())) ?? [];
    let count = 0;
    for (let i = 1; i < replies.length; i += 2) {
      const [error, value] = replies[i] as [Error | null, unknown];
      if (error) throw this.unavailable(error);
      count += Number(value);
    }
    return count;
  }

  /**
   * Keeps the account in the gauge's set until `expiry` at least (its score only grows). Sent with
   * the script (auto-pipelined: the same write); a failure here only affects the gauge, never the
   * answer, so that a 503 always means that nothing was stored.
   */
  private async noteAccount(accountId: string, expiry: number): Promise<void> {
    // Noted a minute ahead, so that a busy account costs one write a minute, not one an event.
    const noted = this.accountsNotedUntil.get(accountId);
    if (noted !== undefined && noted >= expiry) return;
    const until = expiry + NOTE_AHEAD_MS;
    this.accountsNotedUntil.set(accountId, until);
    await this.redis.zadd(ACCOUNTS_KEY, 'GT', until, accountId).catch(() => this.accountsNotedUntil.delete(accountId));
  }

  /**
   * Runs a command, or refuses at once while the connection is lost (between reconnection attempts,
   * ioredis would hold the command until the next attempt fails, up to 2 s): the telephony side
   * gets its 503 quickly and can fall back.
   */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    if (isDisconnected(this.redis)) throw this.unavailable(new Error(`connection ${this.redis.status}`));
    try {
      return await command();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): ServiceUnavailable {
    // A lost connection is logged once per outage by RedisModule; a refusal (OOM, READONLY, a script error) is not.
    if (error instanceof ReplyError) this.logger.error(`Redis refused a call session command: ${(error as Error).message}`);
    return new ServiceUnavailable('The call session store (Redis) does not answer; try again shortly');
  }
}

function encode(seq: number, record: CallRecord): string {
  return `${seq} ${randomBytes(6).toString('base64url')} ${JSON.stringify(record)}`;
}

/** Reads "<seq> <write id> <json>", and the "<seq> <json>" of calls stored before write ids. */
function decode(value: string): StoredCall {
  const record = JSON.parse(value.slice(value.indexOf('{'))) as CallRecord;
  return { seq: Number(value.slice(0, value.indexOf(' '))), settingsVersion: record.settingsVersion, session: record.session };
}

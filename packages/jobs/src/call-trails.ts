/**
 * The call history's way from the api to the database (architecture.md, data flow 6; HIS-1), in one
 * module that the api (which writes trails) and the worker (which moves them to the database) share.
 *
 * Every step an api replica answers is in Redis before the answer leaves: the event script that
 * stores the call's session appends the step to the call's *trail*, atomically. When the call ends
 * (or its session expires) its trail id goes to the account's *closed* set in the same script, and a
 * message on the deployment's *closed-calls stream* tells a worker at once. Workers read the stream
 * in a consumer group, write calls in batches (idempotent), and only then delete the trail and the
 * closed-set member. The closed set is the truth; the stream is the fast path: a lost message (a
 * replica killed between its script and the message) is found in the closed set by the sweep.
 *
 * Keys are hash-tagged by account (`{<account>}`) so that one call's keys share a Redis Cluster slot,
 * as the scripts need:
 *   ccp:{<account>}:trail:<trailId>   list: the header, then one entry per accepted event
 *   ccp:{<account>}:calls:active      sorted set of live trail ids, scored by session expiry (ms)
 *   ccp:{<account>}:calls:closed      sorted set of trail ids ended or expired, scored by when (ms)
 * A trail id is `<startedAt ms>:<callId>`: a call id may be used again once its session is gone,
 * while the earlier call's trail may still wait for the database.
 */

/** A trail not moved to the database within this long (no worker, for days) is dropped by Redis. */
export const TRAIL_TTL_MS = 7 * 24 * 3600 * 1000;

export const trailId = (startedAt: number, callId: string): string => `${startedAt}:${callId}`;
export const trailKey = (accountId: string, trail: string): string => `ccp:{${accountId}}:trail:${trail}`;
export const activeCallsKey = (accountId: string): string => `ccp:{${accountId}}:calls:active`;
export const closedCallsKey = (accountId: string): string => `ccp:{${accountId}}:calls:closed`;
export const callSessionKey = (accountId: string, callId: string): string => `ccp:{${accountId}}:call:${callId}`;

/** The call id within a trail id. */
export function callIdOfTrail(trail: string): string {
  return trail.slice(trail.indexOf(':') + 1);
}

/**
 * The deployment's own keys, under its QUEUE_PREFIX, so that two deployments sharing a Redis never
 * take each other's calls: the accounts with live or closed calls (scored by their latest session
 * expiry, noted a minute ahead), and the stream of closed calls.
 */
export const callAccountsKey = (queuePrefix: string): string => `${queuePrefix}:calls:accounts`;
export const closedCallsStreamKey = (queuePrefix: string): string => `${queuePrefix}:history:closed`;
/** The consumer group of the workers that write the history. */
export const HISTORY_WRITERS_GROUP = 'history-writers';

/** A message of the closed-calls stream: which account's trail to move. */
export interface ClosedCallMessage {
  readonly accountId: string;
  readonly trail: string;
}

/** The stream entry's fields (XADD … a <account> t <trail>). */
export function closedCallFields(message: ClosedCallMessage): string[] {
  return ['a', message.accountId, 't', message.trail];
}

export function parseClosedCallFields(fields: readonly string[]): ClosedCallMessage | null {
  let accountId: string | undefined;
  let trail: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'a') accountId = fields[i + 1];
    else if (fields[i] === 't') trail = fields[i + 1];
  }
  return accountId && trail ? { accountId, trail } : null;
}

/** The trail's first entry: the call as started. */
export interface TrailHeader {
  readonly callId: string;
  /** policy-core's normalized call. */
  readonly call: unknown;
  /** When the api received `POST /calls` (ms). */
  readonly startedAt: number;
  /** The settings version in force then, with what the history keeps of it. */
  readonly version: TrailVersion;
}

/** What the history keeps of a settings version a call met (HIS-2). */
export interface TrailVersion {
  readonly settingsVersion: string;
  readonly baseVersion: string;
  readonly matchedExclusions: readonly string[];
}

/** One accepted event: when the api received it, the answer as sent, and the version when it is new to the call. */
export interface TrailStep {
  readonly at: number;
  /** The answer as sent (`CallStepDto`): kept as is, read for its `settingsVersion` and `event`. */
  readonly answer: { readonly settingsVersion: string };
  readonly version?: TrailVersion;
}

/**
 * A Lua fragment, for the scripts that take a call's session from the account's live calls: moves the
 * trails of the sessions that expired (score before `now`, and their session key gone: the scores are
 * the replicas' clocks, the key's expiry is Redis's, and a call moved too early would lose its later
 * steps) to the closed calls, scored by their expiry, and sets `expired` to the list of [trail, expiry, …].
 * The session key is built from the trail id (`sessionPrefix` .. call id): the same slot, by the hash tag.
 */
export function moveExpiredLua(keys: { active: string; closed: string; now: string; sessionPrefix: string; ttl: string }): string {
  return `
local expired = {}
local due = redis.call('ZRANGEBYSCORE', ${keys.active}, '-inf', ${keys.now}, 'WITHSCORES', 'LIMIT', 0, 1000)
for i = 1, #due, 2 do
  local trail = due[i]
  local colon = string.find(trail, ':', 1, true)
  local callId = colon and string.sub(trail, colon + 1) or trail
  if redis.call('EXISTS', ${keys.sessionPrefix} .. callId) == 0 then
    redis.call('ZREM', ${keys.active}, trail)
    redis.call('ZADD', ${keys.closed}, due[i + 1], trail)
    expired[#expired + 1] = trail
    expired[#expired + 1] = due[i + 1]
  end
end
if #expired > 0 then redis.call('PEXPIRE', ${keys.closed}, ${keys.ttl}) end`;
}

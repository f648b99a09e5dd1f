import { hash } from 'node:crypto';
import { type CallEvent, type CallOutcome, CONSENT_STATUSES, type ConsentStatus, callOutcome, callParties } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CallHold, KeptCall, KeptCallRecord, KeptCallStatus } from './kept-call.js';
import { consentOf, decodeKeptCall, encodeKeptCall, rulesOf } from './kept-call-codec.js';
import { ensurePartitionsFor, forgetPartitions, heldExpiry, lockAccountHistories } from './partitions.js';
import { inList, retentionDaysOf, retentionState, visibleExpiries } from './retention.js';
import { DAY_MS, type Dialect, dialectOf, historyTransaction, joinSql, msOf, queryRows, runSql, type Sql, sql } from './sql.js';

/**
 * The call history's calls (HIS-1..5): one row per call in `kept_calls`, its trail compressed in
 * `data` (kept-call-codec.ts), and beside it what the searches filter on. Every query is scoped by
 * account (ACC-3), and every read leaves out calls whose retention is over (`expires_at > now`) even
 * before their partition is dropped.
 */

/** A kept call's columns, as `rowToRecord` reads them. */
export function recordColumns(dialect: Dialect): Sql {
  return sql`call_id, ${msOf('started_at', dialect)} as started_ms, ${msOf('ended_at', dialect)} as ended_ms, status, outcome, data,
    hold_reason, hold_by, ${msOf('hold_at', dialect)} as hold_ms`;
}

export interface StoredCallRow {
  readonly call_id: string;
  readonly started_ms: number;
  readonly ended_ms: number;
  readonly status: KeptCallStatus;
  readonly outcome: CallOutcome;
  readonly data: Uint8Array;
  readonly hold_reason: string | null;
  readonly hold_by: string | null;
  readonly hold_ms: number | null;
}

export function rowToRecord(row: StoredCallRow): KeptCallRecord {
  const startedAt = Number(row.started_ms);
  const { call, steps, versions } = decodeKeptCall(row.data, startedAt);
  return {
    callId: row.call_id,
    call,
    status: row.status,
    startedAt: new Date(startedAt),
    endedAt: new Date(Number(row.ended_ms)),
    outcome: row.outcome,
    rules: rulesOf(steps),
    consent: consentOf(steps),
    steps,
    versions,
    hold:
      row.hold_ms === null || row.hold_ms === undefined
        ? null
        : { reason: row.hold_reason ?? '', by: row.hold_by ?? '', at: new Date(Number(row.hold_ms)) },
  };
}

/** Tag keys already computed, by account and tag: an account's queues, employees, rules and outcomes are few. */
const knownTagKeys = new Map<string, string>();
const KNOWN_TAG_KEYS_MAX = 100_000;

/** The key of a tag on PostgreSQL: 64 bits of SHA-256 of the account and the tag (see `tagKeys`). */
function tagKey(accountId: string, tag: string): string {
  const name = `${accountId}\0${tag}`;
  let key = knownTagKeys.get(name);
  if (key === undefined) {
    key = hash('sha256', name, 'buffer').readBigInt64BE(0).toString();
    if (knownTagKeys.size >= KNOWN_TAG_KEYS_MAX) knownTagKeys.clear();
    knownTagKeys.set(name, key);
  }
  return key;
}

/**
 * What the `queue`, `employee`, `rule`, `consent` and (PostgreSQL) `outcome` filters look for:
 * `q:<queue>`, `e:<employee>`, `r:<rule>`, `c:<consent status>`, `o:<outcome>`.
 * PostgreSQL keeps them as 64-bit keys that include the account (`tag_keys bigint[]`, GIN-indexed),
 * so that the index finds one account's rows only, however common a queue's name is among tenants;
 * two tags of one account sharing a key is a 2^-64 chance. SQLite keeps them readable (`tags`, JSON).
 */
export function tagKeys(accountId: string, tags: readonly string[]): string[] {
  return tags.map((tag) => tagKey(accountId, tag));
}

export const queueTag = (queue: string) => `q:${queue}`;
export const employeeTag = (employee: string) => `e:${employee}`;
export const ruleTag = (rule: string) => `r:${rule}`;
export const outcomeTag = (outcome: CallOutcome) => `o:${outcome}`;

/** The consent statuses that are tagged: every one but `not-needed` (see `consentTag`). */
export const TAGGED_CONSENT_STATUSES = CONSENT_STATUSES.filter((status) => status !== 'not-needed');

/**
 * The tag of a call's consent status, null for `not-needed`: calls kept before consent existed have
 * no tag and are `not-needed` too, so that status is the absence of the others' tags, the same for
 * every call whenever it was kept (no rewrite of the old rows).
 */
export const consentTag = (status: ConsentStatus): string | null => (status === 'not-needed' ? null : `c:${status}`);

/** A call ready to be written. */
export interface NewRow {
  readonly accountId: string;
  readonly callId: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly status: KeptCallStatus;
  readonly outcome: CallOutcome;
  readonly customer: string | null;
  readonly areaCode: number | null;
  readonly tags: string[];
  readonly data: Buffer;
}

const NANP = /^\+1([2-9]\d{2})\d{7}$/;
const STATUSES: readonly string[] = ['ended', 'expired'];

function newRow(kept: KeptCall): NewRow {
  if (typeof kept.callId !== 'string' || kept.callId.length === 0 || kept.callId.length > 128) {
    throw new TypeError(`a kept call's id must be 1 to 128 characters: ${JSON.stringify(kept.callId)}`);
  }
  if (!STATUSES.includes(kept.status)) throw new TypeError(`call ${kept.callId}: status ${JSON.stringify(kept.status)}`);
  const events = kept.steps.map((step) => step.answer.event) as unknown as CallEvent[];
  const outcome = callOutcome(
    kept.steps.map((step) => ({ event: step.answer.event, recording: step.answer.recording })) as Parameters<typeof callOutcome>[0],
  );
  const parties = callParties(kept.call, events);
  const consent = consentOf(kept.steps);
  if (!CONSENT_STATUSES.includes(consent.status)) {
    throw new TypeError(
      `call ${kept.callId}: step ${kept.steps.length} has consent.status ${JSON.stringify(consent.status)}, not one of ${CONSENT_STATUSES.join(', ')}`,
    );
  }
  const tagOfConsent = consentTag(consent.status);
  const customer = kept.call.customer ?? null;
  const areaCode = customer ? NANP.exec(customer)?.[1] : undefined;
  return {
    accountId: kept.accountId,
    callId: kept.callId,
    startedAt: kept.startedAt,
    endedAt: kept.endedAt,
    status: kept.status,
    outcome,
    customer,
    areaCode: areaCode === undefined ? null : Number(areaCode),
    tags: [
      ...parties.queues.map(queueTag),
      ...parties.employees.map(employeeTag),
      ...rulesOf(kept.steps).map(ruleTag),
      outcomeTag(outcome),
      ...(tagOfConsent === null ? [] : [tagOfConsent]),
    ],
    data: encodeKeptCall(kept),
  };
}

/** What a batch did. */
export interface KeepOutcome {
  /** Calls written now. */
  readonly kept: number;
  /** Calls stored before (by an earlier or a concurrent batch, or twice in this one): left as they are. */
  readonly already: number;
  /** Calls whose retention was over before they could be written (a batch replayed very late): not kept. */
  readonly expired: number;
}

/** Rows a statement on SQLite (11 parameters a row). */
const INSERT_CHUNK = 500;
/** PostgreSQL's "no partition of relation found for row": a partition dropped by another process since this one saw it. */
const NO_PARTITION = '23514';

/**
 * A batch of calls made ready to be written (encoded, compressed, tagged): the work that needs no
 * database, done before the transaction so that a writer can prepare one batch while the database
 * writes the one before.
 */
export class CallsToKeep {
  /** One row per call, the first of each (account, call id, startedAt). */
  readonly rows: readonly NewRow[];
  /** Calls given more than once. */
  readonly twice: number;

  constructor(calls: readonly KeptCall[]) {
    const unique = new Map<string, NewRow>();
    for (const call of calls) {
      const key = `${call.accountId}\n${call.callId}\n${call.startedAt.getTime()}`;
      if (!unique.has(key)) unique.set(key, newRow(call));
    }
    this.rows = [...unique.values()];
    this.twice = calls.length - this.rows.length;
  }
}

/**
 * HIS-1: writes a batch of calls in one transaction, idempotently by (account, call id, startedAt): a
 * call written twice (a batch retried, two workers taking the same calls, a retention changed in
 * between so that its expiry differs) is stored once. PostgreSQL has no unique index across
 * partitions, so a batch takes an advisory lock per account (in one order: batches never deadlock),
 * then looks up which of its calls are there already; SQLite has a unique index. Each call expires
 * at its start + its account's retention; the partitions that needs are made first.
 */
export async function keepCalls(em: SqlEntityManager, calls: readonly KeptCall[] | CallsToKeep, now = new Date()): Promise<KeepOutcome> {
  const { rows, twice } = calls instanceof CallsToKeep ? calls : new CallsToKeep(calls);
  if (rows.length === 0) return { kept: 0, already: twice, expired: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = dialectOf(em) === 'postgresql' ? await keepOnPostgreSql(em, rows, now) : await keepOnSqlite(em, rows, now);
      return { ...outcome, already: outcome.already + twice };
    } catch (error) {
      if ((error as { code?: unknown }).code !== NO_PARTITION || attempt >= 3) throw error;
      forgetPartitions(em);
    }
  }
}

function expiryOf(row: NewRow, days: ReadonlyMap<string, number>): number {
  return row.startedAt.getTime() + (days.get(row.accountId) as number) * DAY_MS;
}

async function keepOnPostgreSql(em: SqlEntityManager, rows: readonly NewRow[], now: Date): Promise<KeepOutcome> {
  const accounts = [...new Set(rows.map((row) => row.accountId))];
  const planned = await retentionDaysOf(em, accounts);
  await ensurePartitionsFor(
    em,
    rows.map((row) => expiryOf(row, planned)).filter((expiry) => expiry > now.getTime()),
  );
  return historyTransaction(em, async (tx) => {
    await lockAccountHistories(tx, accounts);
    // kept_calls has no foreign key on PostgreSQL (see its migration): the accounts are checked, and kept from
    // being deleted until this batch commits (the account's deletion then deletes its calls, by trigger).
    const existing = await queryRows<{ id: string }>(
      tx,
      sql`select id from accounts where ${inList('id', accounts, 'postgresql', 'uuid')} for key share`,
    );
    if (existing.length < accounts.length) {
      const missing = accounts.filter((id) => !existing.some((row) => row.id === id));
      throw new Error(`cannot keep calls of accounts that do not exist: ${missing.join(', ')}`);
    }
    // Read again under the lock: a retention change waits for this batch, or this batch sees it.
    const days = await retentionDaysOf(tx, accounts);
    const live = rows.filter((row) => expiryOf(row, days) > now.getTime());
    // One statement, one array per column: a VALUES list of 5,500 parameters costs more to send and to
    // plan than the rows take to write. Calls stored before are skipped in it (the lock keeps it exact).
    const kept = await runSql(
      tx,
      sql`insert into kept_calls (account_id, call_id, started_at, ended_at, expires_at, status, outcome, customer, area_code, tag_keys, data)
          select r.account_id, r.call_id, r.started_at, r.ended_at, r.expires_at, r.status, r.outcome, r.customer, r.area_code,
                 r.tag_keys::bigint[], r.data
          from unnest(${live.map((row) => row.accountId)}::uuid[], ${live.map((row) => row.callId)}::text[],
                      ${live.map((row) => row.startedAt)}::timestamptz[], ${live.map((row) => row.endedAt)}::timestamptz[],
                      ${live.map((row) => new Date(expiryOf(row, days)))}::timestamptz[], ${live.map((row) => row.status)}::text[],
                      ${live.map((row) => row.outcome)}::text[], ${live.map((row) => row.customer)}::text[],
                      ${live.map((row) => row.areaCode)}::smallint[], ${live.map((row) => `{${tagKeys(row.accountId, row.tags).join(',')}}`)}::text[],
                      ${live.map((row) => row.data)}::bytea[])
            as r(account_id, call_id, started_at, ended_at, expires_at, status, outcome, customer, area_code, tag_keys, data)
          where not exists (select from kept_calls k where k.account_id = r.account_id and k.call_id = r.call_id and k.started_at = r.started_at)`,
    );
    return { kept, already: live.length - kept, expired: rows.length - live.length };
  });
}

async function keepOnSqlite(em: SqlEntityManager, rows: readonly NewRow[], now: Date): Promise<KeepOutcome> {
  const accounts = [...new Set(rows.map((row) => row.accountId))];
  return historyTransaction(em, async (tx) => {
    const days = await retentionDaysOf(tx, accounts);
    const live = rows.filter((row) => expiryOf(row, days) > now.getTime());
    let kept = 0;
    for (let at = 0; at < live.length; at += INSERT_CHUNK) {
      const values = live.slice(at, at + INSERT_CHUNK).map(
        (row) =>
          sql`(${row.accountId}, ${row.callId}, ${row.startedAt}, ${row.endedAt}, ${expiryOf(row, days)}, ${row.status}, ${row.outcome},
               ${row.customer}, ${row.areaCode}, ${JSON.stringify(row.tags)}, ${row.data})`,
      );
      const inserted = await queryRows(
        tx,
        sql`insert into kept_calls (account_id, call_id, started_at, ended_at, expires_at, status, outcome, customer, area_code, tags, data)
            values ${joinSql(values, ', ')} on conflict (account_id, call_id, started_at) do nothing returning call_id`,
      );
      kept += inserted.length;
    }
    return { kept, already: live.length - kept, expired: rows.length - live.length };
  });
}

/** The startedAt (ms) of the latest call of the account with this id, not expired. */
async function latestStart(em: SqlEntityManager, accountId: string, callId: string, now: Date): Promise<number | null> {
  const dialect = dialectOf(em);
  const [row] = await queryRows<{ started_ms: number }>(
    em,
    sql`select ${msOf('started_at', dialect)} as started_ms from kept_calls
        where account_id = ${accountId} and call_id = ${callId} and ${visibleExpiries(dialectOf(em), await retentionState(em, accountId), now)}
        order by started_at desc limit 1`,
  );
  return row ? Number(row.started_ms) : null;
}

async function readCall(em: SqlEntityManager, accountId: string, callId: string, startedAt: number): Promise<KeptCallRecord | null> {
  const [row] = await queryRows<StoredCallRow>(
    em,
    sql`select ${recordColumns(dialectOf(em))} from kept_calls
        where account_id = ${accountId} and call_id = ${callId} and started_at = ${new Date(startedAt)}`,
  );
  return row ? rowToRecord(row) : null;
}

/** The latest kept call of the account with this id (a call id may come again once its session is gone), or null. */
export async function findKeptCall(
  em: SqlEntityManager,
  accountId: string,
  callId: string,
  now = new Date(),
): Promise<KeptCallRecord | null> {
  const [row] = await queryRows<StoredCallRow>(
    em,
    sql`select ${recordColumns(dialectOf(em))} from kept_calls
        where account_id = ${accountId} and call_id = ${callId} and ${visibleExpiries(dialectOf(em), await retentionState(em, accountId), now)}
        order by started_at desc limit 1`,
  );
  return row ? rowToRecord(row) : null;
}

/**
 * HIS-4: puts the latest kept call with this id under a legal hold (or replaces the reason of its
 * hold): it is kept whatever the retention until released. On PostgreSQL it moves to the held
 * partition. Returns the call, or null when the account has no such call.
 */
export async function holdCall(
  em: SqlEntityManager,
  accountId: string,
  callId: string,
  hold: CallHold,
  now = new Date(),
): Promise<KeptCallRecord | null> {
  return changeLatestCall(em, accountId, callId, now, (tx, startedAt) =>
    setExpiry(tx, { accountId, callId, startedAt }, heldExpiry(dialectOf(tx)), hold),
  );
}

/**
 * HIS-4: releases the hold of the latest kept call with this id: it expires again with the retention,
 * at its start + the account's retention, or at once when that is past. Returns the call (its hold
 * null), or null when the account has no such call. A call without a hold is returned unchanged.
 */
export async function releaseCall(
  em: SqlEntityManager,
  accountId: string,
  callId: string,
  now = new Date(),
): Promise<KeptCallRecord | null> {
  return changeLatestCall(em, accountId, callId, now, async (tx, startedAt) => {
    const call = await readCall(tx, accountId, callId, startedAt);
    if (!call?.hold) return call;
    const days = (await retentionDaysOf(tx, [accountId])).get(accountId) as number;
    const expiry = Math.max(startedAt + days * DAY_MS, now.getTime());
    await ensurePartitionsFor(tx, [expiry]);
    return setExpiry(tx, { accountId, callId, startedAt }, new Date(expiry), null);
  });
}

/**
 * Runs `change` on the latest kept call with this id (given its start in ms), or returns null when the
 * account has none. The account's history stays locked from the read to the write, so that a retention
 * change or a batch of calls cannot come between them.
 */
async function changeLatestCall(
  em: SqlEntityManager,
  accountId: string,
  callId: string,
  now: Date,
  change: (tx: SqlEntityManager, startedAt: number) => Promise<KeptCallRecord | null>,
): Promise<KeptCallRecord | null> {
  return historyTransaction(em, async (tx) => {
    await lockAccountHistories(tx, [accountId]);
    const startedAt = await latestStart(tx, accountId, callId, now);
    return startedAt === null ? null : change(tx, startedAt);
  });
}

/** Gives one kept call its expiry and hold (null: none), and returns it as stored then. */
async function setExpiry(
  tx: SqlEntityManager,
  call: { readonly accountId: string; readonly callId: string; readonly startedAt: number },
  expiresAt: Sql | Date,
  hold: CallHold | null,
): Promise<KeptCallRecord | null> {
  await runSql(
    tx,
    sql`update kept_calls set expires_at = ${expiresAt}, hold_reason = ${hold?.reason ?? null}, hold_by = ${hold?.by ?? null}, hold_at = ${hold?.at ?? null}
        where account_id = ${call.accountId} and call_id = ${call.callId} and started_at = ${new Date(call.startedAt)}`,
  );
  return readCall(tx, call.accountId, call.callId, call.startedAt);
}

/** What an erasure did. */
export interface Erasure {
  /** Calls of the number deleted. */
  readonly erased: number;
  /** Calls of the number under a legal hold: kept until released (then a new request erases them). */
  readonly keptUnderHold: number;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * HIS-5: erases every kept call of one customer number (E.164), expired ones not dropped yet
 * included, except the calls under a legal hold (HIS-4), which are counted and kept: a hold exists to
 * preserve evidence for legal claims, which is an exception to the right to erasure (GDPR art. 17(3)(e)).
 * Throws a RangeError for anything but an E.164 number: an area code must never erase a whole region.
 */
export async function eraseCustomerCalls(em: SqlEntityManager, accountId: string, number: string): Promise<Erasure> {
  if (!E164.test(number)) throw new RangeError(`erasure needs one customer number in E.164, not ${JSON.stringify(number)}`);
  return historyTransaction(em, async (tx) => {
    await lockAccountHistories(tx, [accountId]);
    const erased = await runSql(
      tx,
      sql`delete from kept_calls where account_id = ${accountId} and customer = ${number} and hold_at is null`,
    );
    const [held] = await queryRows<{ held: number | string }>(
      tx,
      sql`select count(*) as held from kept_calls
          where account_id = ${accountId} and customer = ${number} and expires_at = ${heldExpiry(dialectOf(tx))}`,
    );
    return { erased, keptUnderHold: Number(held?.held ?? 0) };
  });
}

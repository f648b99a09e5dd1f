import type { CallOutcome } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CallPage, CallSearch, KeptCallRecord, KeptCallSummary } from './kept-call.js';
import {
  consentTag,
  employeeTag,
  outcomeTag,
  queueTag,
  recordColumns,
  rowToRecord,
  ruleTag,
  type StoredCallRow,
  TAGGED_CONSENT_STATUSES,
  tagKeys,
} from './kept-calls.js';
import { MAX_RETENTION_DAYS, type RetentionState, retentionState, visibleExpiries } from './retention.js';
import { DAY_MS, type Dialect, dialectOf, joinSql, msOf, queryRows, rawSql, type Sql, sql } from './sql.js';

/**
 * HIS-3: the history searched, newest first, paged by keyset on (startedAt, callId), the cursor
 * opaque. On PostgreSQL each filter has an index: the customer number and the area code their
 * B-trees (account, value, startedAt desc), queues, employees, rules, outcomes and consent statuses
 * (but `not-needed`) the GIN index of `tag_keys`, the rest the account's (startedAt desc, callId desc)
 * index.
 */

/** A cursor that is not a `nextCursor` this module gave (the api answers 422). */
export class InvalidCursor extends Error {
  override readonly name = 'InvalidCursor';
  constructor() {
    super('the cursor is not the nextCursor of a previous page');
  }
}

export const MAX_PAGE_SIZE = 1_000;

interface Position {
  readonly startedAt: number;
  readonly callId: string;
}

const CURSOR_VERSION = 1;

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, position.startedAt, position.callId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw new InvalidCursor();
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 3) throw new InvalidCursor();
    const [version, startedAt, callId] = value as [unknown, unknown, unknown];
    if (version !== CURSOR_VERSION || !Number.isSafeInteger(startedAt) || (startedAt as number) < 0) throw new InvalidCursor();
    if (typeof callId !== 'string' || callId.length === 0 || callId.length > 128) throw new InvalidCursor();
    return { startedAt: startedAt as number, callId };
  } catch {
    throw new InvalidCursor();
  }
}

const AREA_CODE = /^[2-9]\d{2}$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The tags a search asks for: `q:`, `e:`, `r:`, `c:` (a consent status but `not-needed`, which has
 * no tag: see `consentNotNeeded`), and on PostgreSQL `o:` (the outcome, also a tag there).
 */
function tagsOf(search: CallSearch, dialect: Dialect): string[] {
  const consent = search.consent === undefined ? null : consentTag(search.consent);
  return [
    ...(search.queue === undefined ? [] : [queueTag(search.queue)]),
    ...(search.employee === undefined ? [] : [employeeTag(search.employee)]),
    ...(search.rule === undefined ? [] : [ruleTag(search.rule)]),
    ...(consent === null ? [] : [consent]),
    ...(search.outcome === undefined || dialect !== 'postgresql' ? [] : [outcomeTag(search.outcome)]),
  ];
}

/**
 * Consent `not-needed`: no other status's tag. A filter on the rows the other conditions read, not an
 * index: it is most of an account's calls (consent is off unless the account turns it on, and then
 * needed only for customers in all-party regions), so the newest-first scan fills a page at once.
 */
function consentNotNeeded(dialect: Dialect, accountId: string): Sql {
  const tags = TAGGED_CONSENT_STATUSES.map((status) => consentTag(status) as string);
  if (dialect === 'postgresql') return sql`not (tag_keys && ${tagKeys(accountId, tags)}::bigint[])`;
  const listed = joinSql(
    tags.map((tag) => sql`${tag}`),
    ', ',
  );
  return sql`not exists (select 1 from json_each(kept_calls.tags) where json_each.value in (${listed}))`;
}

/** The WHERE clause of a search but for time and expiry: the account and every filter given. */
function filterConditions(dialect: Dialect, accountId: string, search: CallSearch): Sql[] {
  const conditions = [sql`account_id = ${accountId}`];
  if (search.number !== undefined) {
    if (AREA_CODE.test(search.number)) conditions.push(sql`area_code = ${Number(search.number)}`);
    else if (E164.test(search.number)) conditions.push(sql`customer = ${search.number}`);
    else throw new RangeError(`search.number must be a number in E.164 or a 3-digit area code, not ${JSON.stringify(search.number)}`);
  }
  if (search.consent === 'not-needed') conditions.push(consentNotNeeded(dialect, accountId));
  const tags = tagsOf(search, dialect);
  if (dialect === 'postgresql') {
    if (tags.length > 0) conditions.push(sql`tag_keys @> ${tagKeys(accountId, tags)}::bigint[]`);
  } else {
    if (search.outcome) conditions.push(sql`outcome = ${search.outcome}`);
    for (const tag of tags) conditions.push(sql`exists (select 1 from json_each(kept_calls.tags) where json_each.value = ${tag})`);
  }
  return conditions;
}

const HOUR_MS = 3_600_000;

/** One query of a search: its conditions, the expiry bounds of the time range it reads, newest first. */
function searchQuery(dialect: Dialect, conditions: readonly Sql[], expiries: Sql, order: 'by index' | 'sorted', limit: number): Sql {
  // 'sorted' orders by the expression, so that no index scan is chosen for its order (see `windowed`).
  const orderBy = order === 'by index' ? sql`started_at desc, call_id desc` : sql`started_ms desc, call_id desc`;
  return sql`select ${recordColumns(dialect)} from kept_calls where ${joinSql([...conditions, expiries], ' and ')}
             order by ${orderBy} limit ${limit}`;
}

async function page(
  em: SqlEntityManager,
  accountId: string,
  search: CallSearch,
  after: Position | null,
  limit: number,
  now: Date,
): Promise<StoredCallRow[]> {
  const dialect = dialectOf(em);
  const retention = await retentionState(em, accountId);
  const conditions = filterConditions(dialect, accountId, search);
  if (after) conditions.push(sql`(started_at, call_id) < (${new Date(after.startedAt)}, ${after.callId})`);
  const byCustomer = search.number !== undefined && E164.test(search.number);
  if (dialect === 'postgresql' && tagsOf(search, dialect).length > 0 && !byCustomer) {
    return windowed(em, conditions, search, after, retention, now, limit);
  }
  if (search.from) conditions.push(sql`started_at >= ${search.from}`);
  if (search.to) conditions.push(sql`started_at < ${search.to}`);
  const expiries = visibleExpiries(dialect, retention, now, { from: search.from, to: search.to });
  return queryRows<StoredCallRow>(em, searchQuery(dialect, conditions, expiries, 'by index', limit));
}

/**
 * PostgreSQL, a search by queue, employee, rule, outcome or consent status: newest first through time windows of
 * 1 hour, 2, 4, … back from now (or `to`, or the cursor), each read with bitmap scans (the GIN index
 * of `tag_keys` and the time range) and sorted, until the page is full. Reading the account's calls
 * newest first and filtering them, as the planner would with LIMIT, costs every call of the account
 * when the tags are rare or absent (seconds at millions of calls); the GIN index alone costs every
 * match when they are common. A window costs what matches in it, and its expiry bounds leave out
 * every partition it cannot touch.
 */
async function windowed(
  em: SqlEntityManager,
  conditions: readonly Sql[],
  search: CallSearch,
  after: Position | null,
  retention: RetentionState,
  now: Date,
  limit: number,
): Promise<StoredCallRow[]> {
  const floor = search.from?.getTime();
  // Calls that started before this have expired, unless they are held: one last window takes those.
  const oldest = now.getTime() - (retention.pending ? MAX_RETENTION_DAYS * DAY_MS : retention.period) - DAY_MS;
  return withBitmapScans(em, async (tx) => {
    const rows: StoredCallRow[] = [];
    let upper = Math.min(
      search.to?.getTime() ?? Number.POSITIVE_INFINITY,
      now.getTime() + DAY_MS,
      after ? after.startedAt + 1 : Number.POSITIVE_INFINITY,
    );
    // The first window reaches an hour before now (the calls of the last day are stamped by replicas' clocks).
    let lower = Math.min(upper, now.getTime()) - HOUR_MS;
    for (let size = HOUR_MS; ; size *= 2) {
      const last = lower <= (floor ?? oldest);
      const from = last ? floor : lower;
      const window = [...conditions, sql`started_at < ${new Date(upper)}`];
      if (from !== undefined) window.push(sql`started_at >= ${new Date(from)}`);
      const expiries = visibleExpiries('postgresql', retention, now, {
        from: from === undefined ? undefined : new Date(from),
        to: new Date(upper),
      });
      rows.push(...(await queryRows<StoredCallRow>(tx, searchQuery('postgresql', window, expiries, 'sorted', limit - rows.length))));
      if (rows.length >= limit || last) return rows;
      upper = lower;
      lower -= size * 2;
    }
  });
}

const PLANNER_SETTINGS = ['enable_indexscan', 'enable_indexonlyscan', 'enable_seqscan'] as const;

/**
 * Runs `work` in a transaction (a savepoint within the caller's) where the planner only uses bitmap
 * scans, then puts the settings back as they were (a savepoint's SET LOCAL outlives it).
 */
async function withBitmapScans<T>(em: SqlEntityManager, work: (tx: SqlEntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    const db = tx as SqlEntityManager;
    const [before] = await queryRows<Record<string, string>>(
      db,
      sql`select ${joinSql(
        PLANNER_SETTINGS.map((name) => sql`current_setting(${name}) as ${rawSql(name)}`),
        ', ',
      )}`,
    );
    await queryRows(
      db,
      sql`select ${joinSql(
        PLANNER_SETTINGS.map((name) => sql`set_config(${name}, 'off', true)`),
        ', ',
      )}`,
    );
    const result = await work(db);
    await queryRows(
      db,
      sql`select ${joinSql(
        PLANNER_SETTINGS.map((name) => sql`set_config(${name}, ${before?.[name] ?? 'on'}, true)`),
        ', ',
      )}`,
    );
    return result;
  });
}

function summaryOf(record: KeptCallRecord): KeptCallSummary {
  const { callId, call, status, startedAt, endedAt, outcome, rules, consent } = record;
  return { callId, call, status, startedAt, endedAt, outcome, rules, consent };
}

/**
 * HIS-3: one page of the account's kept calls matching `search`, newest first (ties on startedAt by
 * call id, descending). `cursor` is a previous page's `nextCursor` (null: the first page); one that is
 * not throws InvalidCursor. `limit` is 1 to MAX_PAGE_SIZE.
 */
export async function searchCalls(
  em: SqlEntityManager,
  accountId: string,
  search: CallSearch,
  cursor: string | null,
  limit: number,
  now = new Date(),
): Promise<CallPage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new RangeError(`limit must be 1 to ${MAX_PAGE_SIZE}, not ${limit}`);
  const after = cursor === null ? null : decodeCursor(cursor);
  const rows = await page(em, accountId, search, after, limit + 1, now);
  const items = rows.slice(0, limit).map((row) => summaryOf(rowToRecord(row)));
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ startedAt: last.startedAt.getTime(), callId: last.callId }) : null;
  return { items, nextCursor };
}

/** Rows a query of `streamCalls`. */
const STREAM_PAGE = 500;

/**
 * HIS-3: every kept call of the account matching `search`, newest first, read STREAM_PAGE at a time
 * (one short query each, no transaction held open: retention and partition upkeep never wait for an
 * export), so memory stays flat however many there are. Yields whole records (steps included: the
 * CSV's queues, employees and consent come from them); a record is a `KeptCallSummary` too.
 */
export async function* streamCalls(
  em: SqlEntityManager,
  accountId: string,
  search: CallSearch,
  options: { readonly now?: Date; readonly pageSize?: number } = {},
): AsyncGenerator<KeptCallRecord, void, undefined> {
  const { now = new Date(), pageSize = STREAM_PAGE } = options;
  let after: Position | null = null;
  for (;;) {
    const rows = await page(em, accountId, search, after, pageSize, now);
    for (const row of rows) yield rowToRecord(row);
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { startedAt: Number(last.started_ms), callId: last.call_id };
  }
}

/** The console's chart: the account's kept calls that started on one day, by outcome. */
export interface CallsOnDay {
  /** `YYYY-MM-DD` in the time zone asked for. */
  readonly day: string;
  readonly recorded: number;
  readonly partly: number;
  readonly notRecorded: number;
}

/** Calls are counted per quarter hour in SQL, then each quarter is given its day: every time zone's offset is a whole number of quarters. */
const QUARTER_MS = 900_000;

/**
 * The account's kept calls (not expired) that started in [from, to), per day of `timeZone` (an IANA
 * name, UTC by default) and outcome, every day of the range listed (zeros included), oldest first.
 * Both drivers count per quarter hour in SQL (an index-only scan on PostgreSQL), and the days are
 * made here, so SQLite (which has no time zones) gives the same answer.
 */
export async function dailyCallCounts(
  em: SqlEntityManager,
  accountId: string,
  from: Date,
  to: Date,
  timeZone = 'UTC',
  now = new Date(),
): Promise<CallsOnDay[]> {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, { recorded: number; partly: number; notRecorded: number }>();
  if (from.getTime() >= to.getTime()) return [];
  const first = dayOf.format(from);
  const last = dayOf.format(new Date(to.getTime() - 1));
  for (let day = first; day <= last; day = nextDay(day)) days.set(day, { recorded: 0, partly: 0, notRecorded: 0 });
  const dialect = dialectOf(em);
  const quarter = dialect === 'postgresql' ? sql`floor(${msOf('started_at', dialect)} / ${QUARTER_MS})` : sql`started_at / ${QUARTER_MS}`;
  const rows = await queryRows<{ quarter: number | string; outcome: CallOutcome; calls: number | string }>(
    em,
    sql`select ${quarter} as quarter, outcome, count(*) as calls from kept_calls
        where account_id = ${accountId} and started_at >= ${from} and started_at < ${to}
          and ${visibleExpiries(dialect, await retentionState(em, accountId), now, { from, to })}
        group by 1, 2`,
  );
  for (const row of rows) {
    const counts = days.get(dayOf.format(new Date(Number(row.quarter) * QUARTER_MS)));
    if (!counts) continue;
    const calls = Number(row.calls);
    if (row.outcome === 'recorded') counts.recorded += calls;
    else if (row.outcome === 'partly') counts.partly += calls;
    else counts.notRecorded += calls;
  }
  return [...days].map(([day, counts]) => ({ day, ...counts }));
}

function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/**
 * `pnpm bench` (issue 12): the call history on PostgreSQL, in a scratch database dropped at the end.
 *   history-bytes-per-call: 10,000 8-event queue calls written by `keepCalls` over 10 accounts, then
 *     the partitions holding them, indexes included, divided by the calls (target ≤ 2 KB);
 *   history-search: the latency of searches (the first page of 50, newest first; some the second page
 *     too) over BENCH_HISTORY_SEARCH_CALLS calls of one account (10,000,000 by default; 0 skips it)
 *     spread over 400 days, copied in SQL from 10,000 realistic calls of mixed shapes. Target for a
 *     search by number: p99 ≤ 50 ms.
 * One JSON line per figure. PG_ADMIN_URL names the server (the machine's by default).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type CallSearch,
  createAccount,
  ensureHistoryPartitions,
  type KeptCall,
  keepCalls,
  openDatabase,
  searchCalls,
  setRetention,
} from '@ccp/db';
import { type SampleShape, sampleCall } from '@ccp/db/testing/history';
import { type Settings, validateSettings } from '@ccp/policy-core';
import { MikroORM as PostgreSqlORM } from '@mikro-orm/postgresql';

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const bigCalls = Number(process.env.BENCH_HISTORY_SEARCH_CALLS ?? 10_000_000);
/** Another account keeps its calls ten years: the partitions made ahead reach that far (planning costs more). */
const LONGEST_RETENTION_DAYS = 3_650;
const DAY = 86_400_000;

// A deterministic generator: the same calls on every run.
let seed = 42;
/** mulberry32 */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');

const QUEUES = Array.from({ length: 40 }, (_, i) => `queue-${i}`);
const EMPLOYEES = Array.from({ length: 150 }, (_, i) => `agent.${i}`);
const validated = validateSettings({
  queues: QUEUES.map((id, i) => (i % 5 === 0 ? { id, custom: { mode: 'always', announcement: 'prompt' } } : { id })),
  employees: EMPLOYEES.map((id, i) => ({ id, directLine: `+1628555${String(1000 + i).padStart(4, '0')}` })),
  exclusions: ['646', '+12125550123'],
});
if (!validated.ok) throw new Error('invalid settings');
const settings: Settings = validated.value;
const SHAPES: SampleShape[] = [
  'eight',
  'eight',
  'eight',
  'eight',
  'eight',
  'eight',
  'outbound-stopped',
  'virtual-agent',
  'direct-excluded',
];
const AREA_CODES = ['415', '628', '310', '212', '646', '917', '312', '617', '206', '503'];

function realisticCall(accountId: string, now: number, onlyEight: boolean): KeptCall {
  const shape = onlyEight ? 'eight' : pick(SHAPES);
  const areaCode = shape === 'direct-excluded' ? '646' : pick(AREA_CODES.filter((code) => code !== '646'));
  return sampleCall({
    accountId,
    callId: `pbx-eu1:${digits(8)}.${digits(4)}`,
    startedAt: new Date(now - Math.floor(random() * 7 * DAY)),
    customer: random() < 0.03 ? null : `+1${areaCode}${2 + Math.floor(random() * 8)}${digits(6)}`,
    shape,
    queue: pick(QUEUES),
    transferTo: pick(QUEUES),
    employee: pick(EMPLOYEES),
    every: 5_000 + Math.floor(random() * 60_000),
    settings,
  });
}

const admin = await PostgreSqlORM.init({ clientUrl: adminUrl, entities: [], discovery: { warnWhenNoEntities: false } } as never);
const name = `ccp_measure_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
await admin.em.getConnection().execute(`create database ${name}`);
const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const orm = await openDatabase(url);
const execute = <T>(sql: string) => orm.em.fork().getConnection().execute<T[]>(sql);
try {
  const now = Date.now();
  const accounts: string[] = [];
  for (let i = 0; i < 10; i++) {
    accounts.push(
      (await createAccount(orm.em.fork(), { slug: `m-${i}`, name: `m-${i}`, contactCenterPro: true, enterpriseHubNetwork: true })).id,
    );
  }
  /** Writes 10,000 calls over the accounts, as a worker does (batches of 500). */
  const write = async (onlyEight: boolean) => {
    const calls = Array.from({ length: 10_000 }, (_, i) => realisticCall(accounts[i % accounts.length] as string, now, onlyEight));
    let kept = 0;
    for (let at = 0; at < calls.length; at += 500) kept += (await keepCalls(orm.em.fork(), calls.slice(at, at + 500))).kept;
    if (kept !== calls.length) throw new Error(`${kept} calls kept of ${calls.length}`);
    return calls;
  };
  const sizes = async () => {
    const [row] = await execute<{ calls: string; total: string; heap: string; indexes: string; data: string }>(
      `select (select count(*) from kept_calls) as calls,
              sum(pg_total_relation_size(i.inhrelid)) as total, sum(pg_table_size(i.inhrelid)) as heap,
              sum(pg_indexes_size(i.inhrelid)) as indexes, (select avg(octet_length(data)) from kept_calls) as data
       from pg_inherits i where i.inhparent = 'kept_calls'::regclass
         and exists (select 1 from kept_calls k where k.tableoid = i.inhrelid)`,
    );
    const n = Number(row?.calls);
    return {
      calls: n,
      bytesPerCall: Math.round(Number(row?.total) / n),
      heapBytesPerCall: Math.round(Number(row?.heap) / n),
      indexBytesPerCall: Math.round(Number(row?.indexes) / n),
      dataColumnBytes: Math.round(Number(row?.data)),
    };
  };

  const eight = await write(true);
  const asWritten = await sizes();
  await execute('vacuum analyze kept_calls');
  const { calls, ...vacuumed } = await sizes();
  console.log(
    JSON.stringify({
      bench: 'history-bytes-per-call',
      driver: 'postgresql',
      calls,
      eventsPerCall: (eight[0] as KeptCall).steps.length,
      ...vacuumed,
      bytesPerCallAsWritten: asWritten.bytesPerCall,
      target: { bytesPerCall: 2_048 },
    }),
  );
  await execute('truncate kept_calls');
  await write(false);

  if (bigCalls > 0) {
    // One account with bigCalls calls over the last 400 days (expiring over the next 400), copied from the realistic rows.
    await setRetention(orm.em.fork(), accounts[1] as string, LONGEST_RETENTION_DAYS, 0);
    await ensureHistoryPartitions(orm.em.fork(), new Date(now));
    const big = accounts[0] as string;
    const chunk = 250_000;
    await execute(
      `create table measure_templates as select row_number() over () - 1 as n, status, outcome, tag_keys, data from kept_calls where account_id = '${big}'`,
    );
    const [{ templates } = { templates: '1' }] = await execute<{ templates: string }>(
      'select count(*) as templates from measure_templates',
    );
    const areaCodes = `array[${AREA_CODES.join(',')}]`;
    const loadStarted = performance.now();
    for (let done = 0; done < bigCalls; done += chunk) {
      const n = Math.min(chunk, bigCalls - done);
      // 2,000,000 customers, 5 calls each on average, in 10 area codes; starts spread over 399 days.
      await execute(
        `insert into kept_calls (account_id, call_id, started_at, ended_at, expires_at, status, outcome, customer, area_code, tag_keys, data)
         select '${big}', 'gen:' || k, s, s + interval '4 minutes', s + interval '400 days', t.status, t.outcome,
                '+1' || ac || lpad((2000000 + c)::text, 7, '0'), ac, t.tag_keys, t.data
         from (select ${done} + g as k, ((${done} + g) * 7919) % 2000000 as c from generate_series(1::bigint, ${n}::bigint) g) keys
         cross join lateral (select to_timestamp(${Math.floor(now / 1000)} - ((k * 3457) % (399 * 86400))) as s,
                                    (${areaCodes})[1 + c % 10]::smallint as ac) derived
         join measure_templates t on t.n = k % ${Number(templates)}`,
      );
      console.error(`history-search: ${done + n} calls loaded in ${Math.round((performance.now() - loadStarted) / 1000)} s`);
    }
    await execute('vacuum analyze kept_calls');
    const measure = async (what: string, times: number, search: () => Promise<CallSearch>, after: (cursor: string | null) => boolean) => {
      const latencies: number[] = [];
      for (let i = 0; i < times; i++) {
        const filters = await search();
        const t = performance.now();
        const page = await searchCalls(orm.em.fork(), big, filters, null, 50);
        // The next page too, when asked: keyset paging must cost the same.
        if (after(page.nextCursor) && page.nextCursor) await searchCalls(orm.em.fork(), big, filters, page.nextCursor, 50);
        latencies.push(performance.now() - t);
        if (page.items.length === 0 && filters.number?.startsWith('+'))
          throw new Error(`${what}: nothing found for ${JSON.stringify(filters)}`);
      }
      latencies.sort((a, b) => a - b);
      const quantile = (q: number) => Math.round((latencies[Math.floor(q * (latencies.length - 1))] as number) * 10) / 10;
      console.log(
        JSON.stringify({
          bench: 'history-search',
          driver: 'postgresql',
          search: what,
          calls: bigCalls,
          searches: times,
          p50Ms: quantile(0.5),
          p95Ms: quantile(0.95),
          p99Ms: quantile(0.99),
          maxMs: quantile(1),
          ...(what === 'by number' ? { target: { p99Ms: 50 } } : {}),
        }),
      );
    };
    const customerOf = async () => {
      const g = 1 + Math.floor(random() * bigCalls);
      const [row] = await execute<{ customer: string }>(
        `select customer from kept_calls where account_id = '${big}' and call_id = 'gen:${g}'`,
      );
      return row?.customer as string;
    };
    await measure(
      'by number',
      1_000,
      async () => ({ number: await customerOf() }),
      () => false,
    );
    await measure(
      'by area code',
      200,
      async () => ({ number: pick(AREA_CODES) }),
      () => false,
    );
    await measure(
      'newest first, two pages',
      200,
      async () => ({}),
      () => true,
    );
    await measure(
      'by queue',
      200,
      async () => ({ queue: pick(QUEUES) }),
      () => false,
    );
    await measure(
      'by employee and rule',
      200,
      async () => ({ employee: pick(EMPLOYEES), rule: 'PAY-1' }),
      () => false,
    );
    await measure(
      'by rarer rule in the last 30 days',
      100,
      async () => ({ rule: 'EXC-2', from: new Date(now - 30 * DAY) }),
      () => false,
    );
    await measure(
      'by a rule no call has',
      100,
      async () => ({ rule: 'CNS-5' }),
      () => false,
    );
    await measure(
      'by the commonest rule, two pages',
      100,
      async () => ({ rule: 'GLB-2' }),
      () => true,
    );
    await measure(
      'by outcome',
      100,
      async () => ({ outcome: pick(['recorded', 'partly', 'not-recorded'] as const) }),
      () => false,
    );
    // The samples are decided with consent off: every call is `not-needed` (no tag), none `refused` (a tag no call has).
    await measure(
      'by consent not needed, two pages',
      100,
      async () => ({ consent: 'not-needed' }),
      () => true,
    );
    await measure(
      'by a consent status no call has',
      100,
      async () => ({ consent: 'refused' }),
      () => false,
    );
  }
} finally {
  await orm.close();
  await admin.em.getConnection().execute(`drop database ${name} with (force)`);
  await admin.close();
}

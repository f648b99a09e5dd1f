/**
 * policy-core benchmarks: one JSON line each. The targets of issue 3 are printed beside the figures.
 * Run with `pnpm bench` (node --expose-gc, so heap figures are measured after a full collection).
 */
import {
  type Call,
  type CallEvent,
  type CompiledPolicy,
  compilePolicy,
  regionOfNumber,
  type Settings,
  settingsVersion,
  startSession,
  step,
} from '@ccp/policy-core';
import { largeSettings, nanpNumber, random, typicalQueueCall } from './fixtures.js';

const QUEUES = 10_000;
const EMPLOYEES = 10_000;
const EXCLUSIONS = 1_000_000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] as number;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function timed<T>(run: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = run();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

function benchCompile(settings: Settings): CompiledPolicy {
  // Memory first, on a quiet heap: the exclusion structure is the only typed-array memory of a policy.
  gc();
  gc();
  const before = process.memoryUsage();
  const policy = compilePolicy(settings);
  gc();
  const after = process.memoryUsage();
  const exclusionMeasured = after.arrayBuffers - before.arrayBuffers;
  const policyMeasured = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc();
    times.push(timed(() => compilePolicy(settings))[1]);
  }
  const set = policy.exclusions;
  print({
    bench: 'policy-core.compile',
    queues: QUEUES,
    employees: EMPLOYEES,
    exclusions: set.size,
    median_ms: round(median(times)),
    max_ms: round(Math.max(...times)),
    target_ms: 1000,
    exclusion_bytes_per_entry: round((set.numbers.byteLength + set.areaCodes.byteLength) / set.size, 2),
    exclusion_bytes_per_entry_measured: round(exclusionMeasured / set.size, 2),
    target_exclusion_bytes_per_entry: 24,
    policy_mb_measured: round(policyMeasured / 1048576),
  });
  return policy;
}

function benchVersion(settings: Settings): void {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(timed(() => settingsVersion(settings))[1]);
  print({ bench: 'policy-core.settingsVersion', exclusions: settings.exclusions.length, median_ms: round(median(times)), target_ms: 500 });
}

function benchStep(policy: CompiledPolicy, settings: Settings, consent = false): void {
  const next = random(7);
  const CALLS = 4096;
  // A listed number for one call in eight, so the exclusion lookup is on the measured path.
  const calls: Array<{ call: Call; events: CallEvent[] }> = Array.from({ length: CALLS }, (_, i) => ({
    call: {
      kind: 'queue',
      queue: `queue-${Math.floor(next() * QUEUES)}`,
      customer: i % 8 === 0 ? (settings.exclusions[i] as string) : nanpNumber(next),
      linkedAccount: true,
    },
    events: withConsent(typicalQueueCall(`employee-${Math.floor(next() * EMPLOYEES)}`), consent),
  }));
  const runCalls = (from: number, count: number) => {
    let steps = 0;
    for (let c = from; c < from + count; c++) {
      const { call, events } = calls[c % CALLS] as { call: Call; events: CallEvent[] };
      let session = startSession(call);
      for (const event of events) {
        const outcome = step(session, event, policy);
        if (!outcome.ok) throw new Error(outcome.reason);
        session = outcome.session;
        steps++;
      }
    }
    return steps;
  };
  runCalls(0, 200_000); // warm-up: let the JIT settle
  const batchNs: number[] = [];
  let totalSteps = 0;
  let totalMs = 0;
  for (let batch = 0; batch < 2000; batch++) {
    const [steps, ms] = timed(() => runCalls(batch * 111, 111));
    batchNs.push((ms * 1e6) / steps);
    totalSteps += steps;
    totalMs += ms;
  }
  print({
    bench: consent ? 'policy-core.step-consent' : 'policy-core.step',
    policy: {
      queues: QUEUES,
      employees: EMPLOYEES,
      exclusions: policy.exclusions.size,
      ...(consent ? { consent: policy.consent.mode, allPartyRegions: policy.consent.regions.length } : {}),
    },
    steps: totalSteps,
    median_ns: round(median(batchNs)),
    p99_ns: round(quantile(batchNs, 0.99)),
    steps_per_s: Math.round((totalSteps / totalMs) * 1000),
    target_median_ns: 1000,
    target_steps_per_s: 1_000_000,
  });
}

/** With consent: the customer consents right after connecting (CNS-4), so calls from all-party regions wait for it. */
function withConsent(events: CallEvent[], consent: boolean): CallEvent[] {
  return consent ? [events[0] as CallEvent, { type: 'consent', given: true }, ...events.slice(1)] : events;
}

/** CNS-1's lookup of a number's region, on the path of every call's first step: it must allocate nothing. */
function benchRegionLookup(): void {
  const next = random(11);
  const numbers = Array.from({ length: 4096 }, () => nanpNumber(next));
  let found = 0;
  const lookups = (count: number) => {
    for (let i = 0; i < count; i++) if (regionOfNumber(numbers[i & 4095] as string) !== null) found++;
  };
  lookups(1_000_000);
  const LOOKUPS = 10_000_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  const [, ms] = timed(() => lookups(LOOKUPS));
  const allocated = process.memoryUsage().heapUsed - before;
  print({
    bench: 'policy-core.region-lookup',
    lookups: LOOKUPS,
    ns_per_lookup: round((ms * 1e6) / LOOKUPS, 1),
    heap_bytes_per_lookup: round(Math.max(0, allocated) / LOOKUPS, 3),
    target_heap_bytes_per_lookup: 0,
    found_share: round(found / (LOOKUPS + 1_000_000), 3),
  });
}

const settings = largeSettings(QUEUES, EMPLOYEES, EXCLUSIONS);
const policy = benchCompile(settings);
benchVersion(settings);
benchStep(policy, settings);
const consentSettings: Settings = { ...settings, consent: { ...settings.consent, mode: 'require' } };
benchStep(compilePolicy(consentSettings), consentSettings, true);
benchRegionLookup();

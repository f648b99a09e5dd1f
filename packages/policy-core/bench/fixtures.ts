import type { CallEvent, Settings } from '@ccp/policy-core';
import { INITIAL_SETTINGS } from '@ccp/policy-core';

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same inputs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A normalized NANP number: +1 NXX NXX XXXX. */
export function nanpNumber(next: () => number): string {
  const area = 200 + Math.floor(next() * 800);
  const exchange = 200 + Math.floor(next() * 800);
  const line = Math.floor(next() * 10000);
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** Normalized settings of a large account: queues, employees with direct lines, and an exclusion list. */
export function largeSettings(queues: number, employees: number, exclusions: number): Settings {
  const next = random(42);
  const modes = ['always', 'automatic', 'manual', 'never'] as const;
  const list: string[] = [];
  for (let i = 0; i < exclusions - 100; i++) list.push(nanpNumber(next));
  for (let code = 800; code < 900; code++) list.push(String(code));
  return {
    ...INITIAL_SETTINGS,
    queues: Array.from({ length: queues }, (_, i) =>
      i % 5 === 0
        ? { id: `queue-${i}`, custom: { mode: modes[i % 4] as (typeof modes)[number], announcement: 'never' } }
        : { id: `queue-${i}` },
    ),
    employees: Array.from({ length: employees }, (_, i) => ({ id: `employee-${i}`, directLine: `+1415${String(2000000 + i)}` })),
    exclusions: list,
  };
}

/** The events of a typical answered queue call with a payment. */
export function typicalQueueCall(employee: string): CallEvent[] {
  return [
    { type: 'connected' },
    { type: 'answered', employee },
    { type: 'agent', action: 'pause' },
    { type: 'agent', action: 'resume' },
    { type: 'payment-screen', open: true },
    { type: 'payment-screen', open: false },
    { type: 'agent', action: 'stop' },
    { type: 'agent', action: 'start' },
    { type: 'ended' },
  ];
}

/**
 * An open-loop load generator: requests leave at a constant rate whatever the answers do, and each
 * latency is counted from the moment its request was due, not from when it went out (as wrk2 does),
 * so a stall anywhere (the api, Redis, this generator, the machine) shows in the figures instead of
 * holding the next requests back.
 *
 * Why not autocannon's `overallRate`: it gives each connection a budget per second, which the
 * connection spends back to back at the start of the second and then idles; the api then sees a
 * burst at full speed every second instead of 8,000 evenly spaced events, and the latencies are
 * those of the burst.
 */
import { Pool } from 'undici';

export interface Target {
  readonly origin: string;
  readonly connections: number;
}

export interface Request {
  readonly target: number;
  readonly path: string;
  readonly body: string;
}

export interface RateOptions {
  readonly targets: readonly Target[];
  readonly ratePerS: number;
  readonly durationS: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The n-th request (0, 1, …): where it goes and what it says. */
  readonly request: (n: number) => Request;
}

export interface RateResult {
  readonly sent: number;
  readonly eventsPerS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Requests that got no answer (connection refused or reset, timeout). */
  readonly errors: number;
  readonly non2xx: number;
  /** How many of each status outside 2xx: what went wrong, at a glance. */
  readonly statuses: Readonly<Record<string, number>>;
}

/** How often the generator wakes to send what is due: at 8,000/s, about 8 requests a wake-up. */
const TICK_MS = 1;

export async function constantRate(options: RateOptions): Promise<RateResult> {
  const pools = options.targets.map((target) => new Pool(target.origin, { connections: target.connections, pipelining: 1 }));
  const total = Math.round(options.ratePerS * options.durationS);
  const latencies = new Float64Array(total);
  const intervalMs = 1000 / options.ratePerS;
  let sent = 0;
  let errors = 0;
  let non2xx = 0;
  const statuses: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();

  const send = (n: number, due: number) => {
    const request = options.request(n);
    const pool = pools[request.target] as Pool;
    const done = pool
      .request({ path: request.path, method: 'POST', headers: options.headers, body: request.body })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode >= 300) {
          non2xx++;
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        }
        latencies[n] = performance.now() - due;
      })
      .catch(() => {
        errors++;
        latencies[n] = performance.now() - due;
      });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      for (; sent < due; sent++) send(sent, start + sent * intervalMs);
      if (sent === total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - start) / 1000;
  await Promise.all(pools.map((pool) => pool.close()));

  const sorted = latencies.slice().sort();
  const at = (q: number) => Number((sorted[Math.min(total - 1, Math.floor(q * total))] as number).toFixed(1));
  return {
    sent: total,
    eventsPerS: Math.round((total - errors) / elapsedS),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Number((sorted[total - 1] as number).toFixed(1)),
    errors,
    non2xx,
    statuses,
  };
}

import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the worker's CPU priority to `niceness` (never raises it), so that an api replica on the same
 * machine decides calls first while an import or an export runs. On Linux a niceness belongs to a
 * thread, and V8's and libuv's first threads exist already: each is lowered; later ones inherit it.
 */
export function lowerCpuPriority(niceness: number): void {
  if (niceness <= getPriority()) return;
  // The main thread last: once it shows the niceness, every thread has it (what a watcher can rely on).
  const threads =
    process.platform === 'linux'
      ? readdirSync('/proc/self/task')
          .map(Number)
          .sort((a, b) => Number(a === process.pid) - Number(b === process.pid))
      : [0];
  for (const thread of threads) {
    try {
      setPriority(thread, niceness);
    } catch {
      // A thread that ended in between.
    }
  }
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let importsRunning = 0;

/**
 * Issue 13: an import within the upload limits never takes a worker above 512 MB. V8 lets its heap grow
 * to several times what survived the last full collection before it collects again, so the garbage of
 * an import piled up: two 100 MB CSVs took a worker to 494–607 MB. Optimizing for size, V8 grows the
 * heap less and collects sooner: 314 MB for the two with the import memory budget and a collection
 * after each import. It costs the rest of the worker its speed (the history's writer wrote 3,890 calls/s
 * against 7,258 with it on all the time), so it is on only while an import runs. Node keeps V8's flags
 * writable after start; `--max-old-space-size` could not be set from here, and a limit low enough for
 * imports would make a million-row XLSX export fail.
 */
export async function whileImporting<T>(work: () => Promise<T>): Promise<T> {
  if (importsRunning++ === 0) setFlagsFromString('--optimize-for-size');
  try {
    return await work();
  } finally {
    if (--importsRunning === 0) setFlagsFromString('--no-optimize-for-size');
  }
}

let gc: (() => void) | undefined;

/** A full garbage collection, now: after an import, its garbage is gone before the next one starts. */
export function collectGarbage(): void {
  if (!gc) {
    // `--expose-gc` set at run time hands `gc` to a new context (as the expose-gc package does).
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

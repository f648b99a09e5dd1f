import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ImportResult } from '@ccp/imports';

let importsRunning = 0;

/** What an upload that was not imported comes back as (its run never started): it left no garbage to collect. */
const NOT_IMPORTED: ReadonlySet<ImportResult['kind']> = new Set(['busy', 'waiting', 'finished', 'missing']);

/**
 * Issue 13: an import within the upload limits never takes a worker above 512 MB. V8 lets its heap grow
 * to several times what survived the last full collection before it collects again, so the garbage of
 * an import piled up: two 100 MB CSVs took a worker to 494–607 MB. Optimizing for size, V8 grows the
 * heap less and collects sooner: 314 MB for the two with the import memory budget and a collection
 * after each import. It costs the rest of the worker its speed (the history's writer wrote 3,890 calls/s
 * against 7,258 with it on all the time), so it is on only while an import runs. Node keeps V8's flags
 * writable after start; `--max-old-space-size` could not be set from here, and a limit low enough for
 * imports would make a million-row XLSX export fail.
 *
 * After an import that ran (whatever its outcome, thrown ones included), a full collection: its garbage
 * is gone before the next one starts. Not after an upload that was not imported (`NOT_IMPORTED`, e.g.
 * `busy`: it went back to the queue), which would only pause the imports still running.
 */
export async function whileImporting(work: () => Promise<ImportResult>): Promise<ImportResult> {
  if (importsRunning++ === 0) setFlagsFromString('--optimize-for-size');
  let imported = true;
  try {
    const result = await work();
    imported = !NOT_IMPORTED.has(result.kind);
    return result;
  } finally {
    try {
      if (imported) collectGarbage();
    } finally {
      if (--importsRunning === 0) setFlagsFromString('--no-optimize-for-size');
    }
  }
}

let gc: (() => void) | undefined;

/** A full garbage collection, now. */
function collectGarbage(): void {
  if (!gc) {
    // `--expose-gc` set at run time hands `gc` to a new context (as the expose-gc package does).
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

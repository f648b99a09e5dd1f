import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Issue 13: an import within the upload limits never takes a worker above 512 MB. V8 lets its heap grow
 * to several times what survived the last full collection before it collects again, so the garbage of
 * an import piled up: two 100 MB CSVs took a worker to 494–607 MB. Optimizing for size, V8 grows the
 * heap less and collects sooner: 377 MB for the two side by side, 314 MB with the import memory budget
 * and a collection after each import. Set at start (main.ts), where `--max-old-space-size` cannot help:
 * a limit low enough for imports would make a million-row XLSX export fail, and it needs every
 * launcher (pnpm start, pnpm cluster, the image, the tests) to pass a flag. Node keeps V8's flags
 * writable after start for this.
 */
export function keepHeapSmall(): void {
  setFlagsFromString('--optimize-for-size');
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

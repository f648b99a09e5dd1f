/**
 * Issue 13: imports running side by side in one process must stay under its memory. Each import
 * reserves what a file of its size is expected to take while it is read and written; one that does
 * not fit waits (its upload stays queued) for this process or another.
 */

const MB = 1024 * 1024;

/**
 * The memory an import of a stored file of `fileBytes` is expected to hold at its peak: 64 MB, plus
 * twice the file (the file itself and its entries). Measured in a process of its own (VmHWM over a
 * bare process): a 100 MB CSV of a million rows takes 150 MB, our 43 MB export of a million entries
 * 95 MB, a 1.7 MB workbook read by SheetJS 70 MB; writing the entries adds tens of MB on top.
 */
export function importMemoryEstimate(fileBytes: number): number {
  return 64 * MB + 2 * fileBytes;
}

/** Gives the reservation back; a second call does nothing. */
export type ReleaseMemory = () => void;

/**
 * The memory a process lets its imports take at once. An import is admitted when its estimate fits
 * beside the ones running; one whose estimate alone is over the budget is admitted when nothing else
 * runs, so that every file the upload limits allow is imported, one at a time.
 */
export class ImportMemoryBudget {
  private reserved = 0;
  private running = 0;

  constructor(readonly limitBytes: number) {
    if (!(limitBytes > 0)) throw new RangeError(`an import memory budget must be positive (got ${limitBytes})`);
  }

  /** Reserves `bytes` when they fit (see the class): the release, or null when the import must wait. */
  reserve(bytes: number): ReleaseMemory | null {
    if (this.running > 0 && this.reserved + bytes > this.limitBytes) return null;
    this.reserved += bytes;
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
      this.running -= 1;
    };
  }
}

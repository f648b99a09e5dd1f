import { exclusionXlsx } from '../export/xlsx-export.js';

/**
 * The largest uploads within the limits (issue 13), for the memory tests of the importer and the
 * worker. Made in memory, never written to disk here.
 */

/**
 * A CSV of 1,000,000 rows under a header, about 100 MB (the upload limit): a number as people type
 * it, `(415) 200-0000`, then a note that pads the row to 102 bytes. Every hundredth row is not a
 * number (`not a number 50`): 990,000 distinct entries, 10,000 rejected rows.
 */
export function hundredMegabyteCsv(rows = 1_000_000): Uint8Array {
  const note = 'x'.repeat(86);
  const lines: string[] = ['Phone number,Note'];
  let next = 0;
  for (let r = 0; r < rows; r++) {
    if (r % 100 === 50) lines.push(`not a number ${r},${note}`);
    else {
      const exchange = 200 + (next % 800);
      const line = String(Math.floor(next / 800)).padStart(4, '0');
      lines.push(`(415) ${exchange}-${line},${note}`);
      next++;
    }
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Our own XLSX export (`exclusionXlsx`) of `count` entries, +1 415 200 0000 on, as the worker writes it (about 43 MB for a million). */
export async function millionEntryExport(count = 1_000_000): Promise<Uint8Array> {
  const addedAt = new Date('2026-11-25T22:09:56Z');
  const pages = function* () {
    for (let from = 0; from < count; from += 10_000) {
      yield Array.from({ length: Math.min(10_000, count - from) }, (_, i) => ({
        entry: `+1415${2_000_000 + from + i}`,
        addedAt,
        addedBy: 'admin@demo.test',
      }));
    }
  };
  return exclusionXlsx(pages());
}

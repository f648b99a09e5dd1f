import type { RejectedRow } from '@ccp/db';
import { normalizeExclusionEntry } from '@ccp/policy-core';
import { ImportRefused, throwIfAborted } from './errors.js';
import { formatCount, MAX_UPLOAD_ROWS, REJECTED_ROWS_SHOWN } from './limits.js';
import { RejectedRowsCsv } from './rejected-csv.js';
import { sniffSpreadsheet } from './sniff.js';
import { type CellContent, type OpenOptions, openSpreadsheet, type SheetCell, type Spreadsheet } from './spreadsheet.js';
import { EntryCollector, type ValidEntries } from './valid-entries.js';
import { inspectXlsx } from './xlsx-inspection.js';

/** What a file holds, once every row went through policy-core (EXC-1, EXC-8). */
export interface Validation {
  /** The valid entries, normalized (E.164 or a 3-digit area code), each once, in entry order. */
  readonly entries: ValidEntries;
  /** Rows repeating an entry an earlier row of the file already had: imported once, counted here. */
  readonly duplicates: number;
  /** Every row that is not a valid entry. */
  readonly rejectedCount: number;
  /** The first `REJECTED_ROWS_SHOWN` of them, by row number, with the value and the reason. */
  readonly rejected: RejectedRow[];
  /** All of them as CSV (`row,value,reason`), for download. */
  readonly rejectedCsv: string;
  /** Data rows read (the header and blank rows left out). */
  readonly rows: number;
  /** The header row's text, when the file has one. */
  readonly header: string | null;
}

export interface ValidateOptions extends OpenOptions {
  /** Stops between chunks with `ImportAborted`. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with the share of rows read (0..1); awaited. */
  readonly onProgress?: (fraction: number) => unknown;
}

/**
 * Opens and validates an uploaded file in one step (see `openSpreadsheet` and `validateSpreadsheet`).
 * An XLSX workbook is inspected first (`inspectXlsx`: what it really unzips to, its largest cell), so
 * that SheetJS never reads one that would take more memory than an import may.
 */
export async function readUpload(bytes: Uint8Array, fileName: string, options: ValidateOptions = {}): Promise<Validation> {
  const sniffed = sniffSpreadsheet(bytes, fileName);
  if (!sniffed.ok) throw new ImportRefused(sniffed.reason);
  if (sniffed.format === 'xlsx') await inspectXlsx(bytes, fileName, options.signal ? { signal: options.signal } : {});
  return await validateSpreadsheet(openSpreadsheet(bytes, fileName, options), options);
}

/**
 * Validates every row's first cell through policy-core's `normalizeExclusionEntry` (EXC-1): valid
 * entries are kept once each, the rest reported by row number with the value and the reason (EXC-8).
 * A first row holding text that is no entry (`Number`, `Phone number`, `Exclusion`) is the header.
 * Refuses the whole file (`ImportRefused`) when it has more rows than the limit, naming it, or no
 * rows at all. Yields to the event loop between chunks, so a long file never blocks the process.
 */
export async function validateSpreadsheet(sheet: Spreadsheet, options: ValidateOptions = {}): Promise<Validation> {
  const maxRows = options.maxRows ?? MAX_UPLOAD_ROWS;
  const name = JSON.stringify(sheet.fileName);
  const valid = new EntryCollector();
  const rejected: RejectedRow[] = [];
  const csv = new RejectedRowsCsv();
  let rows = 0;
  let header: string | null = null;
  let first = true;
  let lastRowRead = 0;

  for await (const chunk of sheet.chunks()) {
    for (const cell of chunk) {
      if (first) {
        first = false;
        header = headerText(cell.content);
        const dataRows = sheet.lastRow - (header === null ? cell.row - 1 : cell.row);
        if (dataRows > maxRows) {
          throw new ImportRefused(
            `${name} has ${formatCount(dataRows)} rows: an upload may have at most ${formatCount(maxRows)} rows; split the file`,
          );
        }
        if (header !== null) continue;
      }
      rows++;
      const outcome = validateCell(cell);
      if (outcome.ok) valid.add(outcome.entry);
      else {
        if (rejected.length < REJECTED_ROWS_SHOWN) rejected.push(detached(outcome.rejected));
        csv.add(outcome.rejected);
      }
    }
    lastRowRead = Math.max(lastRowRead, chunk.at(-1)?.row ?? 0);
    await options.onProgress?.(sheet.lastRow === 0 ? 1 : Math.min(1, lastRowRead / sheet.lastRow));
    throwIfAborted(options.signal);
    // Let timers run (job lock renewals, heartbeats) between chunks.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  if (rows === 0) {
    throw new ImportRefused(
      header === null
        ? `${name} has no entries: upload a CSV or XLSX file with one entry per row`
        : `${name} has no entries: its only row is the header ${JSON.stringify(header)}`,
    );
  }
  const { entries, duplicates } = valid.collect();
  return { entries, duplicates, rejectedCount: csv.count, rejected, rejectedCsv: csv.toString(), rows, header };
}

type CellOutcome = { readonly ok: true; readonly entry: string } | { readonly ok: false; readonly rejected: RejectedRow };

function validateCell({ row, content }: SheetCell): CellOutcome {
  switch (content.kind) {
    case 'formula':
      return reject(row, content.formula, `${quoted(content.formula)} is a formula, which is not evaluated: write the number itself`);
    case 'other':
      return reject(row, content.value, content.reason);
    case 'value': {
      const parsed = normalizeExclusionEntry(content.value);
      if (parsed.ok) return { ok: true, entry: parsed.value.entry };
      const value = String(content.value);
      return reject(row, value, parsed.reason);
    }
  }
}

/** Cells can hold pages of text: a rejected row shows the first 64 characters of it. */
const SHOWN_VALUE_LENGTH = 64;

function reject(row: number, value: string, reason: string): CellOutcome {
  if (value.length <= SHOWN_VALUE_LENGTH) return { ok: false, rejected: { row, value, reason } };
  const shown = `${value.slice(0, SHOWN_VALUE_LENGTH)}…`;
  return { ok: false, rejected: { row, value: shown, reason: reason.replace(quoted(value), quoted(shown)) } };
}

/**
 * A rejected row whose strings are copies: a value sliced from a piece of the file would keep the whole
 * piece (64 KB of a CSV, or a row of a sheet's XML) in memory for as long as the row is kept.
 */
function detached({ row, value, reason }: RejectedRow): RejectedRow {
  return { row, value: Buffer.from(value).toString(), reason: Buffer.from(reason).toString() };
}

function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * The header's text when the first row is one: text (not a number cell) that is not a valid entry and
 * reads as a column title (letters, no digits), such as `Number`, `Phone number`, `Exclusion`.
 */
function headerText(content: CellContent): string | null {
  if (content.kind !== 'value' || typeof content.value !== 'string') return null;
  const text = content.value.trim();
  if (!/\p{L}/u.test(text) || /\d/.test(text)) return null;
  return normalizeExclusionEntry(text).ok ? null : text;
}

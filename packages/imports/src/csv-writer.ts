/**
 * The one CSV writer of the platform (the exclusion-list export, the rejected rows of an upload, the
 * call history) and the one rule that keeps a spreadsheet program from running a cell as a formula
 * (OWASP, CSV injection), which the XLSX export applies too.
 */

/**
 * Excel opens a CSV without a byte order mark in the machine's legacy code page, which garbles any
 * non-ASCII text; the importer decodes with `TextDecoder`, which drops the mark.
 */
export const UTF8_BOM = '\uFEFF';

/** What a spreadsheet program may take for the start of a formula: `=`, `+`, `-`, `@` (after spaces too), a tab, a carriage return. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * Text that a spreadsheet program could run as a formula, written with a leading `'`: a cell
 * starting with `=`, `+`, `-` or `@` (also after spaces), a tab or a carriage return. No exception
 * for signed numbers: `-2+3` is arithmetic to a spreadsheet, and `+14155550100` would be read as a
 * number without its `+`. The importer drops the `'` again (`withoutTextMark`), so `'+14155550100`
 * uploads as +14155550100. Applying it twice changes nothing.
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The text of a cell read from a file, without the `'` with which spreadsheet programs (and
 * `formulaSafe`) mark text: `'+14155550100` is the number +14155550100, `'415` the area code.
 */
export function withoutTextMark(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

/** One CSV row (RFC 4180, CRLF), every cell formula-safe (`formulaSafe`) and quoted when it needs to be. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => csvField(formulaSafe(cell))).join(',')}\r\n`;
}

/**
 * A field is quoted when it holds a quote, a line break or any separator the importer might guess
 * (`guessSeparator` counts `,` `;` tab and `|` outside quotes), so the file always reads as comma
 * separated with the same cells.
 */
function csvField(text: string): string {
  return /[",;\t|\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

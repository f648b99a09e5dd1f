import type { RejectedRow } from '@ccp/db';

/**
 * The full list of rejected rows as a CSV file (`row,value,reason`), built as rows arrive. Values that
 * a spreadsheet program would run as a formula (`=…`, `@…`, `+`/`-` followed by more than a number)
 * are written with a leading `'`, so opening the download never executes what someone uploaded
 * (OWASP, CSV injection).
 */
export class RejectedRowsCsv {
  private readonly lines: string[] = ['row,value,reason'];

  get count(): number {
    return this.lines.length - 1;
  }

  add(rejected: RejectedRow): void {
    this.lines.push(`${rejected.row},${field(defused(rejected.value))},${field(defused(rejected.reason))}`);
  }

  toString(): string {
    return `${this.lines.join('\r\n')}\r\n`;
  }
}

function defused(text: string): string {
  const dangerous = /^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && /[^\d\s().+-]/.test(text));
  return dangerous ? `'${text}` : text;
}

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

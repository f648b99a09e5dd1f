import type { RejectedRow } from '@ccp/db';
import { csvLine } from './csv-writer.js';

/**
 * The full list of rejected rows as a CSV file (`row,value,reason`), built as rows arrive, by the
 * same writer as the export (`csvLine`): a value a spreadsheet program would run as a formula is
 * written with a leading `'`, so opening the download never executes what someone uploaded.
 */
export class RejectedRowsCsv {
  private readonly lines: string[] = [csvLine(['row', 'value', 'reason'])];

  get count(): number {
    return this.lines.length - 1;
  }

  add(rejected: RejectedRow): void {
    this.lines.push(csvLine([String(rejected.row), rejected.value, rejected.reason]));
  }

  toString(): string {
    return this.lines.join('');
  }
}

import type { RejectedRow } from '@ccp/db';
import { csvLine } from './csv-writer.js';

/**
 * The full list of rejected rows as a CSV file (`row,value,reason`), built as rows arrive, by the
 * same writer as the export (`csvLine`): a value a spreadsheet program would run as a formula is
 * written with a leading `'`, so opening the download never executes what someone uploaded.
 */
export class RejectedRowsCsv {
  /** Lines joined a thousand at a time: a joined string is a copy of its own, where a line may still point into the text it was read from. */
  private readonly blocks: string[] = [];
  private lines: string[] = [csvLine(['row', 'value', 'reason'])];
  private added = 0;

  get count(): number {
    return this.added;
  }

  add(rejected: RejectedRow): void {
    this.lines.push(csvLine([String(rejected.row), rejected.value, rejected.reason]));
    this.added++;
    if (this.lines.length === 1_000) {
      this.blocks.push(this.lines.join(''));
      this.lines = [];
    }
  }

  toString(): string {
    return this.blocks.join('') + this.lines.join('');
  }
}

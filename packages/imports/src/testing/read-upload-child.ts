/**
 * `node dist/testing/read-upload-child.js <path> <file name>`: reads an upload as an import does
 * (`readUpload`), in a process of its own, and prints what came of it and the process's peak RSS
 * (one line of JSON). Run by `readUploadInChildProcess`.
 */
import { readFile } from 'node:fs/promises';
import { readUpload } from '../validate.js';

const [path, fileName] = process.argv.slice(2);
if (!path || !fileName) throw new Error('usage: read-upload-child.js <path> <file name>');
const bytes = await readFile(path);
let outcome: object;
try {
  const read = await readUpload(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName);
  outcome = { ok: true, rows: read.rows, entries: read.entries.size, rejectedCount: read.rejectedCount };
} catch (error) {
  outcome = { ok: false, error: (error as Error).name, message: (error as Error).message };
}
// VmHWM: the most memory this process ever had resident, in KB. Not ru_maxrss: Linux carries that over
// from the parent the child was forked from, so a parent holding 240 MB made every child read 240 MB.
const status = await readFile('/proc/self/status', 'utf8');
const peakRssBytes = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) * 1024;
process.stdout.write(`${JSON.stringify({ ...outcome, peakRssBytes })}\n`);

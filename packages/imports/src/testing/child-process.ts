import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The child's script, compiled: from `src/testing` and from `dist/testing` alike. */
const CHILD = fileURLToPath(new URL('../../dist/testing/read-upload-child.js', import.meta.url));

/** What reading an upload in a process of its own came to, and the most memory that process held (VmHWM). */
export type ChildRead = (
  | { readonly ok: true; readonly rows: number; readonly entries: number; readonly rejectedCount: number }
  | { readonly ok: false; readonly error: string; readonly message: string }
) & { readonly peakRssBytes: number };

/**
 * Reads `bytes` as an upload named `fileName` the way an import does (`readUpload`), in a new Node
 * process (`dist/testing/read-upload-child.js`: build first), and tells how it ended with the peak
 * RSS of that process: the memory an import of the file takes, measured where nothing else runs.
 */
export async function readUploadInChildProcess(bytes: Uint8Array, fileName: string): Promise<ChildRead> {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build @ccp/imports first (pnpm --filter @ccp/imports build)`);
  const folder = await mkdtemp(join(tmpdir(), 'ccp-upload-'));
  try {
    const path = join(folder, 'upload');
    await writeFile(path, bytes);
    const child = spawn(process.execPath, [CHILD, path, fileName], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the child reading ${fileName} exited with ${code}: ${stderr}`);
    return JSON.parse(stdout) as ChildRead;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const ADMIN = join(import.meta.dirname, '..', '..');
// Turbo builds @ccp/api before this package tests (a devDependency): the script writes what the API serves.
const WRITE_OPENAPI = join(ADMIN, '..', 'api', 'dist', 'docs', 'write-openapi.js');
const FIX = 'run "pnpm --filter @ccp/api openapi && pnpm --filter @ccp/admin openapi" and commit both files';

describe('the committed OpenAPI document and the client generated from it (STYLE.md: CI fails when stale)', () => {
  // Creating the API application takes a few seconds, more on a busy CI machine.
  it('openapi.json is what the API serves now', { timeout: 90_000 }, () => {
    if (!existsSync(WRITE_OPENAPI)) throw new Error(`${WRITE_OPENAPI} is missing: build the API first (pnpm --filter @ccp/api build)`);
    const scratch = mkdtempSync(join(tmpdir(), 'ccp-admin-openapi-'));
    try {
      const served = join(scratch, 'openapi.json');
      execFileSync(process.execPath, [WRITE_OPENAPI, served], { stdio: 'pipe', timeout: 60_000 });
      // Parsed, not byte for byte: a formatter touching the file is not a change of the contract.
      const committed: unknown = JSON.parse(readFileSync(join(ADMIN, 'openapi.json'), 'utf8'));
      expect(committed, `apps/admin/openapi.json is stale: ${FIX}`).toEqual(JSON.parse(readFileSync(served, 'utf8')));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('src/api/openapi.d.ts is generated from openapi.json', { timeout: 30_000 }, async () => {
    const document = JSON.parse(readFileSync(join(ADMIN, 'openapi.json'), 'utf8')) as Parameters<typeof openapiTS>[0];
    const generated = astToString(await openapiTS(document));
    const committed = readFileSync(join(ADMIN, 'src', 'api', 'openapi.d.ts'), 'utf8');
    expect(committed.includes(generated.trim()), `src/api/openapi.d.ts is stale: ${FIX}`).toBe(true);
  });
});

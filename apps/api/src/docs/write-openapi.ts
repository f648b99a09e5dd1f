import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.factory.js';
import { buildOpenApiDocument } from './openapi.js';

/**
 * `pnpm --filter @ccp/api openapi [file]`: writes the OpenAPI document the API serves, by default to
 * packages/client/openapi.json, which @ccp/client (the console's and integrators' typed client) is generated
 * from (STYLE.md, Vue console). `pnpm --filter @ccp/client openapi` runs this, then generates the types.
 *
 * The app is created but never initialised: the document comes from the route metadata alone, so no
 * database is migrated and Redis is never contacted. The database module still opens a file at
 * creation, hence a throwaway SQLite file.
 */
async function writeOpenApi(file: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'ccp-openapi-'));
  try {
    const app = await createApp({
      DATABASE_URL: `sqlite:${join(scratch, 'openapi.sqlite')}`,
      DEMO_SEED: 'false',
      LOG_LEVEL: 'silent',
      CONSOLE_DIR: 'off',
    });
    try {
      writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// From src/docs/ and dist/docs/ alike.
const target = resolve(process.argv[2] ?? fileURLToPath(new URL('../../../../packages/client/openapi.json', import.meta.url)));

await writeOpenApi(target);
console.log(`OpenAPI document written to ${target}`);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const CLIENT = join(import.meta.dirname, '..');
const FIX = 'run "pnpm --filter @ccp/client openapi" and commit openapi.json and src/openapi.ts';

// That openapi.json is what the API serves is checked beside the API (apps/api/src/docs/openapi.spec.ts).
describe('the types of @ccp/client (STYLE.md: generated from the committed OpenAPI document, CI fails when stale)', () => {
  it('src/openapi.ts is generated from openapi.json', { timeout: 30_000 }, async () => {
    const document = JSON.parse(readFileSync(join(CLIENT, 'openapi.json'), 'utf8')) as Parameters<typeof openapiTS>[0];
    const generated = astToString(await openapiTS(document));
    const committed = readFileSync(join(CLIENT, 'src', 'openapi.ts'), 'utf8');
    expect(committed.includes(generated.trim()), `src/openapi.ts is stale: ${FIX}`).toBe(true);
  });
});

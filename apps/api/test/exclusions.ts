import { activeExclusionListId, ExclusionEntrySchema } from '@ccp/db';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Database } from '../src/database/database.js';

/** Rows per INSERT: well under SQLite's limit of bound parameters (5 columns a row). */
const CHUNK = 1_000;

/**
 * Puts already normalized entries straight into the account's active exclusion list through the ORM,
 * in bulk (a large list for paging tests, without a request per entry). Nothing is audited and no policy is rebuilt.
 */
export async function insertExclusions(app: NestFastifyApplication, accountId: string, entries: readonly string[]): Promise<void> {
  await app.get(Database).transaction(async (em) => {
    const list = await activeExclusionListId(em, accountId);
    const addedAt = new Date();
    for (let start = 0; start < entries.length; start += CHUNK) {
      const rows = entries.slice(start, start + CHUNK).map((entry) => ({ accountId, list, entry, addedAt, addedBy: 'bulk test' }));
      await em.insertMany(ExclusionEntrySchema, rows);
    }
  });
}

/**
 * `pnpm migrate` (and the image's `migrate` command): brings the schema of DATABASE_URL up to date,
 * under the migration lock (schema-migrations.ts), so it may run while api replicas and workers
 * start. DATABASE_URL defaults as the api's does: the SQLite file `./data/ccp.sqlite`. Prints what it
 * applied and exits 0, or exits 1 saying why.
 */
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '../database-url.js';
import { openDatabase } from '../orm.js';
import { migrateSchema } from '../schema-migrations.js';

/** `postgresql://user:secret@host/db` without its password: the output names the database, never the secret. */
function shown(databaseUrl: string): string {
  return databaseUrl.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    console.error(`migrate: ${(error as Error).message}`);
    return 1;
  }
  let orm: Awaited<ReturnType<typeof openDatabase>>;
  try {
    orm = await openDatabase(databaseUrl, { migrations: 'skip' });
  } catch (error) {
    console.error(`migrate: cannot open the database ${shown(databaseUrl)}: ${(error as Error).message}`);
    return 1;
  }
  try {
    const applied = await migrateSchema(orm, {
      onWait: () => console.log('another process is migrating this database: waiting for it to finish'),
    });
    console.log(
      applied.length === 0
        ? `schema up to date (${shown(databaseUrl)})`
        : `applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${shown(databaseUrl)}: ${applied.join(', ')}`,
    );
    return 0;
  } catch (error) {
    // Migrations commit together or not at all: nothing of this run was kept.
    console.error(`migrate: failed, nothing applied (${shown(databaseUrl)}): ${(error as Error).message}`);
    return 1;
  } finally {
    await orm.close();
  }
}

process.exitCode = await main();

/** Which database a `DATABASE_URL` names: PostgreSQL (`postgres://`, `postgresql://`) or a SQLite file (the embedded default). */
export type DatabaseTarget = { readonly driver: 'postgresql'; readonly url: string } | { readonly driver: 'sqlite'; readonly file: string };

/** The embedded default of api.md: a SQLite file under `./data/`. */
export const DEFAULT_DATABASE_URL = './data/ccp.sqlite';

/**
 * Reads `DATABASE_URL`: `postgresql://user@host:5432/db` for PostgreSQL; `sqlite:path`, `file:path` or a
 * plain path for SQLite. Throws with the reason for anything else, so start-up stops naming it.
 */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const url = value.trim();
  if (/^postgres(ql)?:\/\//.test(url)) return { driver: 'postgresql', url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && file === url) {
    throw new Error(`DATABASE_URL "${value}" is neither postgresql://… nor a SQLite file`);
  }
  if (file === '') throw new Error('DATABASE_URL is empty: give a postgresql:// URL or a SQLite file path');
  return { driver: 'sqlite', file };
}

import { baseSettingsVersion, INITIAL_CONSENT, type Settings } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { inList } from './retention.js';
import { dialectOf, queryRows, runSql, sql } from './sql.js';

/**
 * HIS-2: remembers the account's settings without their exclusion list under their base version
 * (policy-core's `baseSettingsVersion`), once: a kept call names the base versions it was decided
 * under and the exclusion entries that matched it, and the two give back the settings to replay it
 * with. Idempotent and safe when several builds remember the same version at once (an insert that
 * does nothing on a conflict: it never fails, so it never breaks a caller's transaction either).
 * Returns the base version.
 */
export async function rememberSettingsVersion(
  em: SqlEntityManager,
  accountId: string,
  settings: Settings,
  now = new Date(),
): Promise<string> {
  const base: Settings = { ...settings, exclusions: [] };
  const baseVersion = baseSettingsVersion(base);
  // Read first: the version is nearly always there already, and a read takes no writer lock (SQLite).
  const [known] = await queryRows(
    em,
    sql`select 1 from settings_versions where account_id = ${accountId} and base_version = ${baseVersion}`,
  );
  if (known) return baseVersion;
  await runSql(
    em,
    sql`insert into settings_versions (account_id, base_version, settings, first_seen_at)
        values (${accountId}, ${baseVersion}, ${JSON.stringify(base)}, ${now})
        on conflict (account_id, base_version) do nothing`,
  );
  return baseVersion;
}

/** The settings of these base versions of the account (the versions it never had are not in the map). */
export async function loadSettingsVersions(
  em: SqlEntityManager,
  accountId: string,
  baseVersions: readonly string[],
): Promise<Map<string, Settings>> {
  const found = new Map<string, Settings>();
  if (baseVersions.length === 0) return found;
  const rows = await queryRows<{ base_version: string; settings: Settings | string }>(
    em,
    sql`select base_version, settings from settings_versions
        where account_id = ${accountId} and ${inList('base_version', [...new Set(baseVersions)], dialectOf(em), 'text')}`,
  );
  for (const row of rows) found.set(row.base_version, storedSettings(row.settings));
  return found;
}

/**
 * A row's settings as policy-core's `Settings` today. Rows written before consent existed (CNS) have
 * no `consent`: those settings decided calls as GLB-1's consent does (mode off), and policy-core's
 * versions hash GLB-1 consent as if it were absent, so the row's base version still names them.
 */
function storedSettings(stored: Settings | string): Settings {
  const settings = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Omit<Settings, 'consent'> &
    Partial<Pick<Settings, 'consent'>>;
  return settings.consent === undefined ? { ...settings, consent: INITIAL_CONSENT } : (settings as Settings);
}

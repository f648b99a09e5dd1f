import { Migration } from '@mikro-orm/migrations';

/**
 * CNS-2..4: the consent settings on each account's `recording_settings` row. Existing accounts get
 * GLB-1's consent: mode off, the product's all-party list as it is in this release, unknown regions
 * strict. The list is written here in full, not read from policy-core: each account stores its own
 * copy, so a later release that changes the product's default list changes new accounts only, never
 * what an existing account's calls are decided under. The defaults only fill the existing rows and
 * are dropped: a new account's row is written whole by `createAccount`.
 */
export class Migration20261206231945 extends Migration {

  override name = 'Migration20261206231945';

  override up(): void | Promise<void> {
    this.addSql(`alter table "recording_settings" add "consent_mode" text not null default 'off', add "consent_regions" jsonb not null default '["CA","CT","DE","FL","HI","IL","MA","MD","MI","MT","NH","NV","OR","PA","VT","WA"]', add "consent_unknown_region" text not null default 'strict';`);
    this.addSql(`alter table "recording_settings" alter column "consent_mode" drop default, alter column "consent_regions" drop default, alter column "consent_unknown_region" drop default;`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_consent_mode_check" check ("consent_mode" in ('off', 'announce', 'require'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_consent_unknown_region_check" check ("consent_unknown_region" in ('strict', 'lenient'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "recording_settings" drop constraint "recording_settings_consent_mode_check";`);
    this.addSql(`alter table "recording_settings" drop constraint "recording_settings_consent_unknown_region_check";`);
    this.addSql(`alter table "recording_settings" drop column "consent_mode", drop column "consent_regions", drop column "consent_unknown_region";`);
  }

}

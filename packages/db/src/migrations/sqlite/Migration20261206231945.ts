import { Migration } from '@mikro-orm/migrations';

/**
 * CNS-2..4: the consent settings on each account's `recording_settings` row (SQLite adds a NOT NULL
 * column only with a default, hence the table is rebuilt, as MikroORM writes it). Existing accounts get
 * GLB-1's consent: mode off, the product's all-party list as it is in this release, unknown regions
 * strict. The list is written here in full, not read from policy-core: each account stores its own
 * copy, so a later release that changes the product's default list changes new accounts only, never
 * what an existing account's calls are decided under.
 */
export class Migration20261206231945 extends Migration {

  override name = 'Migration20261206231945';

  override up(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`recording_settings__temp_alter\` (\`account_id\` text not null primary key, \`trigger\` text check (\`trigger\` in ('on-answer', 'on-connect')) not null, \`connect_mode\` text check (\`connect_mode\` in ('always', 'automatic')) not null, \`transfer_to_queue\` text check (\`transfer_to_queue\` in ('keep-original', 'use-destination')) not null, \`transfer_to_employee\` text check (\`transfer_to_employee\` in ('keep-original', 'use-destination')) not null, \`queue_mode\` text check (\`queue_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`queue_announcement\` text check (\`queue_announcement\` in ('prompt', 'never')) not null, \`inbound_mode\` text check (\`inbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`inbound_announcement\` text check (\`inbound_announcement\` in ('prompt', 'never')) not null, \`outbound_mode\` text check (\`outbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`outbound_announcement\` text check (\`outbound_announcement\` in ('prompt', 'never')) not null, \`consent_mode\` text check (\`consent_mode\` in ('off', 'announce', 'require')) not null, \`consent_regions\` json not null, \`consent_unknown_region\` text check (\`consent_unknown_region\` in ('strict', 'lenient')) not null, \`revision\` integer not null default 1, \`updated_at\` datetime not null, constraint \`recording_settings_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`insert into \`recording_settings__temp_alter\` select \`account_id\`, \`trigger\`, \`connect_mode\`, \`transfer_to_queue\`, \`transfer_to_employee\`, \`queue_mode\`, \`queue_announcement\`, \`inbound_mode\`, \`inbound_announcement\`, \`outbound_mode\`, \`outbound_announcement\`, 'off' as \`consent_mode\`, '["CA","CT","DE","FL","HI","IL","MA","MD","MI","MT","NH","NV","OR","PA","VT","WA"]' as \`consent_regions\`, 'strict' as \`consent_unknown_region\`, \`revision\`, \`updated_at\` from \`recording_settings\`;`);
    this.addSql(`drop table \`recording_settings\`;`);
    this.addSql(`alter table \`recording_settings__temp_alter\` rename to \`recording_settings\`;`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`recording_settings__temp_alter\` (\`account_id\` TEXT not null primary key, \`trigger\` TEXT check (\`trigger\` in ('on-answer', 'on-connect')) not null, \`connect_mode\` TEXT check (\`connect_mode\` in ('always', 'automatic')) not null, \`transfer_to_queue\` TEXT check (\`transfer_to_queue\` in ('keep-original', 'use-destination')) not null, \`transfer_to_employee\` TEXT check (\`transfer_to_employee\` in ('keep-original', 'use-destination')) not null, \`queue_mode\` TEXT check (\`queue_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`queue_announcement\` TEXT check (\`queue_announcement\` in ('prompt', 'never')) not null, \`inbound_mode\` TEXT check (\`inbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`inbound_announcement\` TEXT check (\`inbound_announcement\` in ('prompt', 'never')) not null, \`outbound_mode\` TEXT check (\`outbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`outbound_announcement\` TEXT check (\`outbound_announcement\` in ('prompt', 'never')) not null, \`revision\` INTEGER not null default 1, \`updated_at\` datetime not null, constraint \`recording_settings_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`insert into \`recording_settings__temp_alter\` select \`account_id\`, \`trigger\`, \`connect_mode\`, \`transfer_to_queue\`, \`transfer_to_employee\`, \`queue_mode\`, \`queue_announcement\`, \`inbound_mode\`, \`inbound_announcement\`, \`outbound_mode\`, \`outbound_announcement\`, \`revision\`, \`updated_at\` from \`recording_settings\`;`);
    this.addSql(`drop table \`recording_settings\`;`);
    this.addSql(`alter table \`recording_settings__temp_alter\` rename to \`recording_settings\`;`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261206113746 extends Migration {

  override name = 'Migration20261206113746';

  override up(): void | Promise<void> {
    this.addSql(`create table \`history_settings\` (\`account_id\` text not null primary key, \`retention_days\` integer not null, \`revision\` integer not null, \`updated_at\` datetime not null, \`updated_by\` text null, \`reexpire_pending\` integer not null default false, \`reexpire_cursor\` text null, constraint \`history_settings_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade);`);

    this.addSql(`create table \`settings_versions\` (\`account_id\` text not null, \`base_version\` text not null, \`settings\` json not null, \`first_seen_at\` datetime not null, primary key (\`account_id\`, \`base_version\`), constraint \`settings_versions_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`settings_versions_account_id_index\` on \`settings_versions\` (\`account_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`history_settings\`;`);
    this.addSql(`drop table if exists \`settings_versions\`;`);
  }

}

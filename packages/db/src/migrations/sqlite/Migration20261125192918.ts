import { Migration } from '@mikro-orm/migrations';

export class Migration20261125192918 extends Migration {

  override name = 'Migration20261125192918';

  override up(): void | Promise<void> {
    this.addSql(`create table \`accounts\` (\`id\` text not null primary key, \`slug\` text not null, \`name\` text not null, \`contact_center_pro\` integer not null, \`enterprise_hub_network\` integer not null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`accounts_slug_unique\` on \`accounts\` (\`slug\`);`);

    this.addSql(`create table \`api_keys\` (\`id\` text not null primary key, \`account_id\` text not null, \`name\` text not null, \`prefix\` text not null, \`secret_hash\` text not null, \`created_by\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, constraint \`api_keys_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`api_keys_account_id_index\` on \`api_keys\` (\`account_id\`);`);
    this.addSql(`create unique index \`api_keys_secret_hash_unique\` on \`api_keys\` (\`secret_hash\`);`);

    this.addSql(`create table \`audit_entries\` (\`id\` integer not null primary key autoincrement, \`account_id\` text not null, \`at\` datetime not null, \`actor_id\` text not null, \`actor_name\` text not null, \`action\` text not null, \`target\` text null, \`before\` json null, \`after\` json null, constraint \`audit_entries_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`audit_entries_account_id_index\` on \`audit_entries\` (\`account_id\`);`);
    this.addSql(`create index \`audit_entries_account_id_id_index\` on \`audit_entries\` (\`account_id\`, \`id\`);`);

    this.addSql(`create table \`employees\` (\`id\` text not null primary key, \`account_id\` text not null, \`key\` text not null, \`name\` text not null, \`direct_line\` text not null, \`inbound_mode\` text check (\`inbound_mode\` in ('always', 'automatic', 'manual', 'never')) null, \`inbound_announcement\` text check (\`inbound_announcement\` in ('prompt', 'never')) null, \`outbound_mode\` text check (\`outbound_mode\` in ('always', 'automatic', 'manual', 'never')) null, \`outbound_announcement\` text check (\`outbound_announcement\` in ('prompt', 'never')) null, \`revision\` integer not null default 1, \`created_at\` datetime not null, constraint \`employees_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`employees_account_id_index\` on \`employees\` (\`account_id\`);`);
    this.addSql(`create unique index \`employees_account_id_key_unique\` on \`employees\` (\`account_id\`, \`key\`);`);
    this.addSql(`create unique index \`employees_account_id_direct_line_unique\` on \`employees\` (\`account_id\`, \`direct_line\`);`);

    this.addSql(`create table \`exclusion_lists\` (\`id\` text not null primary key, \`account_id\` text not null, \`state\` text check (\`state\` in ('active', 'staging', 'retired')) not null, \`created_at\` datetime not null, constraint \`exclusion_lists_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`exclusion_lists_account_id_index\` on \`exclusion_lists\` (\`account_id\`);`);
    this.addSql(`create index \`exclusion_lists_account_id_state_index\` on \`exclusion_lists\` (\`account_id\`, \`state\`);`);

    this.addSql(`create table \`exclusion_entries\` (\`account_id\` text not null, \`list_id\` text not null, \`entry\` text not null, \`added_at\` datetime not null, \`added_by\` text not null, primary key (\`account_id\`, \`list_id\`, \`entry\`), constraint \`exclusion_entries_list_id_foreign\` foreign key (\`list_id\`) references \`exclusion_lists\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`exclusion_entries_list_id_index\` on \`exclusion_entries\` (\`list_id\`);`);

    this.addSql(`create table \`queues\` (\`id\` text not null primary key, \`account_id\` text not null, \`key\` text not null, \`name\` text not null, \`custom_mode\` text check (\`custom_mode\` in ('always', 'automatic', 'manual', 'never')) null, \`custom_announcement\` text check (\`custom_announcement\` in ('prompt', 'never')) null, \`revision\` integer not null default 1, \`created_at\` datetime not null, constraint \`queues_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`queues_account_id_index\` on \`queues\` (\`account_id\`);`);
    this.addSql(`create unique index \`queues_account_id_key_unique\` on \`queues\` (\`account_id\`, \`key\`);`);

    this.addSql(`create table \`recording_settings\` (\`account_id\` text not null primary key, \`trigger\` text check (\`trigger\` in ('on-answer', 'on-connect')) not null, \`connect_mode\` text check (\`connect_mode\` in ('always', 'automatic')) not null, \`transfer_to_queue\` text check (\`transfer_to_queue\` in ('keep-original', 'use-destination')) not null, \`transfer_to_employee\` text check (\`transfer_to_employee\` in ('keep-original', 'use-destination')) not null, \`queue_mode\` text check (\`queue_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`queue_announcement\` text check (\`queue_announcement\` in ('prompt', 'never')) not null, \`inbound_mode\` text check (\`inbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`inbound_announcement\` text check (\`inbound_announcement\` in ('prompt', 'never')) not null, \`outbound_mode\` text check (\`outbound_mode\` in ('always', 'automatic', 'manual', 'never')) not null, \`outbound_announcement\` text check (\`outbound_announcement\` in ('prompt', 'never')) not null, \`revision\` integer not null default 1, \`updated_at\` datetime not null, constraint \`recording_settings_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade);`);

    this.addSql(`create table \`uploads\` (\`id\` text not null primary key, \`account_id\` text not null, \`mode\` text check (\`mode\` in ('add', 'replace')) not null, \`status\` text check (\`status\` in ('queued', 'running', 'done', 'failed')) not null, \`progress\` double not null, \`file_name\` text not null, \`content\` blob not null, \`imported\` integer not null, \`duplicates\` integer not null, \`rejected_count\` integer not null, \`rejected\` json not null, \`error\` text null, \`created_by\` text not null, \`created_at\` datetime not null, \`finished_at\` datetime null, constraint \`uploads_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`uploads_account_id_index\` on \`uploads\` (\`account_id\`);`);
    this.addSql(`create index \`uploads_account_id_created_at_index\` on \`uploads\` (\`account_id\`, \`created_at\`);`);
    this.addSql(`create index \`uploads_status_index\` on \`uploads\` (\`status\`);`);

    this.addSql(`create table \`users\` (\`id\` text not null primary key, \`account_id\` text not null, \`email\` text not null, \`name\` text not null, \`password_hash\` text not null, \`permissions\` json not null, \`created_at\` datetime not null, constraint \`users_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`users_account_id_index\` on \`users\` (\`account_id\`);`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`accounts\`;`);
    this.addSql(`drop table if exists \`api_keys\`;`);
    this.addSql(`drop table if exists \`audit_entries\`;`);
    this.addSql(`drop table if exists \`employees\`;`);
    this.addSql(`drop table if exists \`exclusion_lists\`;`);
    this.addSql(`drop table if exists \`exclusion_entries\`;`);
    this.addSql(`drop table if exists \`queues\`;`);
    this.addSql(`drop table if exists \`recording_settings\`;`);
    this.addSql(`drop table if exists \`uploads\`;`);
    this.addSql(`drop table if exists \`users\`;`);
  }

}

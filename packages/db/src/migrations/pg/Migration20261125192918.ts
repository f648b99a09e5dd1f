import { Migration } from '@mikro-orm/migrations';

export class Migration20261125192918 extends Migration {

  override name = 'Migration20261125192918';

  override up(): void | Promise<void> {
    this.addSql(`create table "accounts" ("id" uuid not null, "slug" varchar(64) not null, "name" varchar(255) not null, "contact_center_pro" boolean not null, "enterprise_hub_network" boolean not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "accounts" add constraint "accounts_slug_unique" unique ("slug");`);

    this.addSql(`create table "api_keys" ("id" uuid not null, "account_id" uuid not null, "name" varchar(255) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "created_by" varchar(255) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`create table "audit_entries" ("id" serial primary key, "account_id" uuid not null, "at" timestamptz not null, "actor_id" varchar(255) not null, "actor_name" varchar(255) not null, "action" varchar(64) not null, "target" varchar(255) null, "before" jsonb null, "after" jsonb null);`);
    this.addSql(`create index "audit_entries_account_id_id_index" on "audit_entries" ("account_id", "id");`);

    this.addSql(`create table "employees" ("id" uuid not null, "account_id" uuid not null, "key" varchar(100) not null, "name" varchar(255) not null, "direct_line" varchar(16) not null, "inbound_mode" text null, "inbound_announcement" text null, "outbound_mode" text null, "outbound_announcement" text null, "revision" int not null default 1, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "employees" add constraint "employees_account_id_key_unique" unique ("account_id", "key");`);
    this.addSql(`alter table "employees" add constraint "employees_account_id_direct_line_unique" unique ("account_id", "direct_line");`);

    this.addSql(`create table "exclusion_lists" ("id" uuid not null, "account_id" uuid not null, "state" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "exclusion_lists_account_id_state_index" on "exclusion_lists" ("account_id", "state");`);

    this.addSql(`create table "exclusion_entries" ("account_id" uuid not null, "list_id" uuid not null, "entry" varchar(16) not null, "added_at" timestamptz not null, "added_by" varchar(255) not null, primary key ("account_id", "list_id", "entry"));`);

    this.addSql(`create table "queues" ("id" uuid not null, "account_id" uuid not null, "key" varchar(100) not null, "name" varchar(255) not null, "custom_mode" text null, "custom_announcement" text null, "revision" int not null default 1, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "queues" add constraint "queues_account_id_key_unique" unique ("account_id", "key");`);

    this.addSql(`create table "recording_settings" ("account_id" uuid not null, "trigger" text not null, "connect_mode" text not null, "transfer_to_queue" text not null, "transfer_to_employee" text not null, "queue_mode" text not null, "queue_announcement" text not null, "inbound_mode" text not null, "inbound_announcement" text not null, "outbound_mode" text not null, "outbound_announcement" text not null, "revision" int not null default 1, "updated_at" timestamptz not null, primary key ("account_id"));`);

    this.addSql(`create table "uploads" ("id" uuid not null, "account_id" uuid not null, "mode" text not null, "status" text not null, "progress" double precision not null, "file_name" varchar(255) not null, "content" bytea not null, "imported" int not null, "duplicates" int not null, "rejected_count" int not null, "rejected" jsonb not null, "error" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "uploads_account_id_created_at_index" on "uploads" ("account_id", "created_at");`);
    this.addSql(`create index "uploads_status_index" on "uploads" ("status");`);

    this.addSql(`create table "users" ("id" uuid not null, "account_id" uuid not null, "email" varchar(255) not null, "name" varchar(255) not null, "password_hash" varchar(255) not null, "permissions" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);

    this.addSql(`alter table "audit_entries" add constraint "audit_entries_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);

    this.addSql(`alter table "employees" add constraint "employees_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "employees" add constraint "employees_inbound_mode_check" check ("inbound_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "employees" add constraint "employees_inbound_announcement_check" check ("inbound_announcement" in ('prompt', 'never'));`);
    this.addSql(`alter table "employees" add constraint "employees_outbound_mode_check" check ("outbound_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "employees" add constraint "employees_outbound_announcement_check" check ("outbound_announcement" in ('prompt', 'never'));`);

    this.addSql(`alter table "exclusion_lists" add constraint "exclusion_lists_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "exclusion_lists" add constraint "exclusion_lists_state_check" check ("state" in ('active', 'staging', 'retired'));`);

    this.addSql(`alter table "exclusion_entries" add constraint "exclusion_entries_list_id_foreign" foreign key ("list_id") references "exclusion_lists" ("id") on delete cascade;`);

    this.addSql(`alter table "queues" add constraint "queues_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "queues" add constraint "queues_custom_mode_check" check ("custom_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "queues" add constraint "queues_custom_announcement_check" check ("custom_announcement" in ('prompt', 'never'));`);

    this.addSql(`alter table "recording_settings" add constraint "recording_settings_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_trigger_check" check ("trigger" in ('on-answer', 'on-connect'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_connect_mode_check" check ("connect_mode" in ('always', 'automatic'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_transfer_to_queue_check" check ("transfer_to_queue" in ('keep-original', 'use-destination'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_transfer_to_employee_check" check ("transfer_to_employee" in ('keep-original', 'use-destination'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_queue_mode_check" check ("queue_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_queue_announcement_check" check ("queue_announcement" in ('prompt', 'never'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_inbound_mode_check" check ("inbound_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_inbound_announcement_check" check ("inbound_announcement" in ('prompt', 'never'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_outbound_mode_check" check ("outbound_mode" in ('always', 'automatic', 'manual', 'never'));`);
    this.addSql(`alter table "recording_settings" add constraint "recording_settings_outbound_announcement_check" check ("outbound_announcement" in ('prompt', 'never'));`);

    this.addSql(`alter table "uploads" add constraint "uploads_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "uploads" add constraint "uploads_mode_check" check ("mode" in ('add', 'replace'));`);
    this.addSql(`alter table "uploads" add constraint "uploads_status_check" check ("status" in ('queued', 'running', 'done', 'failed'));`);

    this.addSql(`alter table "users" add constraint "users_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_keys" drop constraint "api_keys_account_id_foreign";`);
    this.addSql(`alter table "audit_entries" drop constraint "audit_entries_account_id_foreign";`);
    this.addSql(`alter table "employees" drop constraint "employees_account_id_foreign";`);
    this.addSql(`alter table "exclusion_lists" drop constraint "exclusion_lists_account_id_foreign";`);
    this.addSql(`alter table "queues" drop constraint "queues_account_id_foreign";`);
    this.addSql(`alter table "recording_settings" drop constraint "recording_settings_account_id_foreign";`);
    this.addSql(`alter table "uploads" drop constraint "uploads_account_id_foreign";`);
    this.addSql(`alter table "users" drop constraint "users_account_id_foreign";`);
    this.addSql(`alter table "exclusion_entries" drop constraint "exclusion_entries_list_id_foreign";`);

    this.addSql(`drop table if exists "accounts" cascade;`);
    this.addSql(`drop table if exists "api_keys" cascade;`);
    this.addSql(`drop table if exists "audit_entries" cascade;`);
    this.addSql(`drop table if exists "employees" cascade;`);
    this.addSql(`drop table if exists "exclusion_lists" cascade;`);
    this.addSql(`drop table if exists "exclusion_entries" cascade;`);
    this.addSql(`drop table if exists "queues" cascade;`);
    this.addSql(`drop table if exists "recording_settings" cascade;`);
    this.addSql(`drop table if exists "uploads" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
  }

}

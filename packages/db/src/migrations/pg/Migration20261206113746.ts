import { Migration } from '@mikro-orm/migrations';

export class Migration20261206113746 extends Migration {

  override name = 'Migration20261206113746';

  override up(): void | Promise<void> {
    this.addSql(`create table "history_settings" ("account_id" uuid not null, "retention_days" int not null, "revision" int not null, "updated_at" timestamptz not null, "updated_by" varchar(255) null, "reexpire_pending" boolean not null default false, "reexpire_cursor" varchar(200) null, primary key ("account_id"));`);

    this.addSql(`create table "settings_versions" ("account_id" uuid not null, "base_version" varchar(80) not null, "settings" jsonb not null, "first_seen_at" timestamptz not null, primary key ("account_id", "base_version"));`);

    this.addSql(`alter table "history_settings" add constraint "history_settings_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "settings_versions" add constraint "settings_versions_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "history_settings" cascade;`);
    this.addSql(`drop table if exists "settings_versions" cascade;`);
  }

}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261125222943 extends Migration {

  override name = 'Migration20261125222943';

  override up(): void | Promise<void> {
    this.addSql(`create table "exclusion_exports" ("id" uuid not null, "account_id" uuid not null, "format" text not null, "status" text not null, "rows" int null, "content" bytea null, "error" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "exclusion_exports_account_id_created_at_index" on "exclusion_exports" ("account_id", "created_at");`);

    this.addSql(`create table "policy_snapshots" ("account_id" uuid not null, "revision" int not null, "exclusions_revision" int not null, "settings_version" varchar(255) not null, "data" bytea not null, "built_at" timestamptz not null, primary key ("account_id"));`);

    this.addSql(`alter table "accounts" add "policy_revision" int not null default 0, add "exclusions_revision" int not null default 0;`);

    this.addSql(`alter table "exclusion_exports" add constraint "exclusion_exports_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`);
    this.addSql(`alter table "exclusion_exports" add constraint "exclusion_exports_format_check" check ("format" in ('csv', 'xlsx'));`);
    this.addSql(`alter table "exclusion_exports" add constraint "exclusion_exports_status_check" check ("status" in ('queued', 'running', 'done', 'failed'));`);

    this.addSql(`alter table "policy_snapshots" add constraint "policy_snapshots_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "exclusion_exports" cascade;`);
    this.addSql(`drop table if exists "policy_snapshots" cascade;`);

    this.addSql(`alter table "accounts" drop column "policy_revision", drop column "exclusions_revision";`);
  }

}

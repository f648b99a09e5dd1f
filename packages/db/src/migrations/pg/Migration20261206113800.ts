import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand (MikroORM does not model partitioned tables; `kept_calls*` is left out of the
 * schema diff by `schemaGenerator.skipTables` in orm.ts): the call history's calls (HIS-1..5),
 * partitioned by RANGE on `expires_at`. Weekly partitions are attached at run time
 * (src/call-history/partitions.ts); held calls ('infinity') live in `kept_calls_held`.
 * No foreign key to `accounts`: attaching, detaching and dropping a partition with one would lock
 * `accounts`. A trigger deletes an account's calls with the account instead.
 */
export class Migration20261206113800 extends Migration {

  override name = 'Migration20261206113800';

  override up(): void | Promise<void> {
    this.addSql(`create table "kept_calls" ("account_id" uuid not null, "call_id" varchar(128) not null, "started_at" timestamptz not null, "ended_at" timestamptz not null, "expires_at" timestamptz not null, "status" text not null, "outcome" text not null, "customer" varchar(16) null, "area_code" smallint null, "tag_keys" bigint[] not null, "data" bytea not null, "hold_reason" text null, "hold_by" text null, "hold_at" timestamptz null, constraint "kept_calls_status_check" check ("status" in ('ended', 'expired')), constraint "kept_calls_outcome_check" check ("outcome" in ('recorded', 'partly', 'not-recorded')), constraint "kept_calls_hold_check" check (("hold_at" is not null) = ("expires_at" = 'infinity'))) partition by range ("expires_at");`);
    this.addSql(`comment on table "kept_calls" is 'HIS-1: one row per kept call. Partitioned by expires_at (started_at + the account''s retention; ''infinity'' while under a legal hold), one partition per ISO week (kept_calls_wYYYYMMDD), dropped whole when the week is over. data: the call, its versions and steps, compressed (packages/db/src/call-history/kept-call-codec.ts). tag_keys: 64-bit keys of (account, q:<queue> / e:<employee> / r:<rule>).';`);
    this.addSql(`create index "kept_calls_newest_index" on "kept_calls" ("account_id", "started_at" desc, "call_id" desc) include ("outcome", "expires_at");`);
    this.addSql(`create index "kept_calls_customer_index" on "kept_calls" ("account_id", "customer", "started_at" desc) where "customer" is not null;`);
    this.addSql(`create index "kept_calls_area_code_index" on "kept_calls" ("account_id", "area_code", "started_at" desc) where "area_code" is not null;`);
    this.addSql(`create index "kept_calls_call_id_index" on "kept_calls" ("account_id", "call_id", "started_at" desc);`);
    this.addSql(`create index "kept_calls_tag_keys_index" on "kept_calls" using gin ("tag_keys");`);
    this.addSql(`create table "kept_calls_held" partition of "kept_calls" for values from ('infinity') to (maxvalue);`);
    this.addSql(`create function "kept_calls_of_deleted_account"() returns trigger language plpgsql as $$ begin delete from "kept_calls" where "account_id" = old."id"; return old; end $$;`);
    this.addSql(`create trigger "accounts_kept_calls_delete" after delete on "accounts" for each row execute function "kept_calls_of_deleted_account"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "accounts_kept_calls_delete" on "accounts";`);
    this.addSql(`drop function if exists "kept_calls_of_deleted_account"();`);
    this.addSql(`drop table if exists "kept_calls" cascade;`);
  }

}

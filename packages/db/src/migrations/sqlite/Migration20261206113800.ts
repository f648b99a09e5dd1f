import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand, as its PostgreSQL twin (`kept_calls` is left out of the schema diff by
 * `schemaGenerator.skipTables` in orm.ts): the call history's calls (HIS-1..5) in one table. Times
 * are epoch milliseconds; a held call expires at 8640000000000000 (the largest Date); `tags` is a
 * JSON array of `q:<queue>`, `e:<employee>`, `r:<rule>`. Retention deletes rows (`expires_at`).
 */
export class Migration20261206113800 extends Migration {

  override name = 'Migration20261206113800';

  override up(): void | Promise<void> {
    this.addSql(`create table \`kept_calls\` (\`account_id\` text not null, \`call_id\` text not null, \`started_at\` integer not null, \`ended_at\` integer not null, \`expires_at\` integer not null, \`status\` text not null check (\`status\` in ('ended', 'expired')), \`outcome\` text not null check (\`outcome\` in ('recorded', 'partly', 'not-recorded')), \`customer\` text null, \`area_code\` integer null, \`tags\` text not null, \`data\` blob not null, \`hold_reason\` text null, \`hold_by\` text null, \`hold_at\` integer null, constraint \`kept_calls_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`kept_calls_key_unique\` on \`kept_calls\` (\`account_id\`, \`call_id\`, \`started_at\`);`);
    this.addSql(`create index \`kept_calls_newest_index\` on \`kept_calls\` (\`account_id\`, \`started_at\` desc, \`call_id\` desc);`);
    this.addSql(`create index \`kept_calls_customer_index\` on \`kept_calls\` (\`account_id\`, \`customer\`, \`started_at\` desc) where \`customer\` is not null;`);
    this.addSql(`create index \`kept_calls_area_code_index\` on \`kept_calls\` (\`account_id\`, \`area_code\`, \`started_at\` desc) where \`area_code\` is not null;`);
    this.addSql(`create index \`kept_calls_expires_at_index\` on \`kept_calls\` (\`expires_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`kept_calls\`;`);
  }

}

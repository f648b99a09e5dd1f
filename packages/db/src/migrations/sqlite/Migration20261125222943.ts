import { Migration } from '@mikro-orm/migrations';

export class Migration20261125222943 extends Migration {

  override name = 'Migration20261125222943';

  override up(): void | Promise<void> {
    this.addSql(`create table \`exclusion_exports\` (\`id\` text not null primary key, \`account_id\` text not null, \`format\` text check (\`format\` in ('csv', 'xlsx')) not null, \`status\` text check (\`status\` in ('queued', 'running', 'done', 'failed')) not null, \`rows\` integer null, \`content\` blob null, \`error\` text null, \`created_by\` text not null, \`created_at\` datetime not null, \`finished_at\` datetime null, constraint \`exclusion_exports_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`exclusion_exports_account_id_index\` on \`exclusion_exports\` (\`account_id\`);`);
    this.addSql(`create index \`exclusion_exports_account_id_created_at_index\` on \`exclusion_exports\` (\`account_id\`, \`created_at\`);`);

    this.addSql(`create table \`policy_snapshots\` (\`account_id\` text not null primary key, \`revision\` integer not null, \`exclusions_revision\` integer not null, \`settings_version\` text not null, \`data\` blob not null, \`built_at\` datetime not null, constraint \`policy_snapshots_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade);`);

    this.addSql(`alter table \`accounts\` add column \`policy_revision\` integer not null default 0;`);
    this.addSql(`alter table \`accounts\` add column \`exclusions_revision\` integer not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`exclusion_exports\`;`);
    this.addSql(`drop table if exists \`policy_snapshots\`;`);

    this.addSql(`alter table \`accounts\` drop column \`policy_revision\`;`);
    this.addSql(`alter table \`accounts\` drop column \`exclusions_revision\`;`);
  }

}

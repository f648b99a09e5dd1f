import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202721 extends Migration {

  override name = 'Migration20261125202721';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`uploads\` add column \`rejected_csv\` text null;`);
    this.addSql(`alter table \`uploads\` add column \`run_id\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`uploads\` drop column \`rejected_csv\`;`);
    this.addSql(`alter table \`uploads\` drop column \`run_id\`;`);
  }

}

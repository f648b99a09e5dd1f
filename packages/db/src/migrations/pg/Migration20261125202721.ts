import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202721 extends Migration {

  override name = 'Migration20261125202721';

  override up(): void | Promise<void> {
    this.addSql(`alter table "uploads" add "rejected_csv" text null, add "run_id" uuid null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "uploads" drop column "rejected_csv", drop column "run_id";`);
  }

}

import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { type DemoTenant, seedDemoTenant } from './demo-tenant.js';

@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  /** What this start seeded, if it did (the start-up banner shows it). */
  seeded: DemoTenant | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    const seeded = await seedDemoTenant(this.database.em(), this.config.demoAdminPassword);
    this.seeded = seeded;
    if (!seeded) return;
    // The password goes to the start-up banner on the console, never into the log.
    this.logger.log(`Created the demo tenant: ${seeded.users.join(', ')}`);
  }
}

@Module({ providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}

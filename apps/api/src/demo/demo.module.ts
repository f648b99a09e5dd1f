import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { seedDemoTenant } from './demo-tenant.js';

@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    const seeded = await seedDemoTenant(this.database.em(), this.config.demoAdminPassword);
    if (!seeded) return;
    this.logger.warn(
      `Created the demo tenant. Log in as ${seeded.users.join(', ')} with the password ${
        seeded.generatedPassword
          ? `"${seeded.password}" (generated: shown this once; set DEMO_ADMIN_PASSWORD to choose it)`
          : 'from DEMO_ADMIN_PASSWORD'
      }`,
    );
  }
}

@Module({ providers: [DemoSeeder] })
export class DemoModule {}

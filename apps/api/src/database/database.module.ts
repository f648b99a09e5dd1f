import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from './database.js';

@Global()
@Module({
  providers: [
    {
      provide: Database,
      useFactory: (config: AppConfig) => Database.open(config.databaseUrl, { migrations: config.migrateOnStart ? 'apply' : 'check' }),
      inject: [AppConfig],
    },
  ],
  exports: [Database],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

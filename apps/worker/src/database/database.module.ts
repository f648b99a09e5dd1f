import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { WorkerConfig } from '../config/worker-config.js';
import { Database } from './database.js';

@Global()
@Module({
  providers: [
    {
      provide: Database,
      useFactory: (config: WorkerConfig) => Database.open(config.databaseUrl, { migrations: config.migrateOnStart ? 'apply' : 'check' }),
      inject: [WorkerConfig],
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

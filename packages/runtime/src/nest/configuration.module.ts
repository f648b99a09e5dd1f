import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { Configuration } from '../environment.js';

/** Key of the validated variables in `ConfigService`. */
const VALUES = 'configuration';

/**
 * Global: provides a process's configuration class (`configurationOf`: the api's `AppConfig`, the
 * worker's `WorkerConfig`) and `ConfigService`, from variables the process validated before Nest
 * starts (the logger needs LOG_LEVEL first). `ConfigModule` neither reads nor writes `process.env`,
 * so one test's overrides never leak into the next test's app or worker.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot
export class ConfigurationModule {
  static forRoot<T extends object>(configuration: Configuration<T>, values: T): DynamicModule {
    return {
      module: ConfigurationModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ [VALUES]: values })],
        }),
      ],
      providers: [
        {
          provide: configuration,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => new configuration(config.get<T>(VALUES) as T),
        },
      ],
      exports: [configuration],
    };
  }
}

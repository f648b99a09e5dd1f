import { configurationOf } from '@ccp/runtime';
import type { Env } from './env.js';

/** The validated configuration, typed: inject it wherever a setting is needed (provided by `ConfigurationModule`). */
export class WorkerConfig extends configurationOf<Env>() {}

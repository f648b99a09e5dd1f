/** @ccp/db: the persistence the api and the worker share. */
export * from './accounts.js';
export * from './call-history/index.js';
export * from './database-pools.js';
export * from './database-url.js';
export * from './entities/index.js';
export * from './orm.js';
export * from './policy-settings.js';
export * from './policy-snapshots.js';
export * from './schema-migrations.js';

export * from './bull-connection.js';
export * from './environment.js';
export * from './lua-script.js';
export * from './metrics-access.js';
export * from './nest-pino-logger.js';
export * from './queue-prefix.js';
export * from './redis-connection.js';

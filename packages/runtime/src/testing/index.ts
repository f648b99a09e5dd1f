export * from './redis-cluster.js';
export * from './redis-server.js';

export * from './configuration.module.js';
export * from './metrics-registry.js';

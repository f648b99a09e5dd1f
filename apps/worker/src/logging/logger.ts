import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/env.js';

/**
 * The worker's structured log: JSON lines (pino) at LOG_LEVEL, each naming the service and the
 * worker instance, so the lines of several workers can be told apart once collected.
 */
export function createLogger(level: LogLevel, instance: string, stream?: DestinationStream): Logger {
  return pino({ level, base: { service: 'ccp-worker', instance }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

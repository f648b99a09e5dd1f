import { bullConnection, type RedisTarget } from '@ccp/runtime';
import type { ConnectionOptions } from 'bullmq';

/**
 * The blocking connection `QueueEvents` reads the event stream with (BullMQ duplicates a cluster's
 * client for it, and closes the copy). The queues themselves share the api's Redis connection.
 */
export function eventsConnection(redis: RedisTarget): ConnectionOptions {
  return bullConnection(redis, 'ccp-api-queue-events');
}

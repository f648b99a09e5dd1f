import type { ConnectionOptions } from 'bullmq';

/**
 * The blocking connection `QueueEvents` reads the event stream with (BullMQ sets
 * `maxRetriesPerRequest: null` on it). The queues themselves share the api's Redis connection.
 */
export function eventsConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, connectionName: 'ccp-api-queue-events', connectTimeout: 2_000 };
}

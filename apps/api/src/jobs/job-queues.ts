import { QUEUES, type QueueName } from '@ccp/jobs';
import { getQueueToken } from '@nestjs/bullmq';
import { Logger, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** Every queue of the platform (`@ccp/jobs`): the dashboard and the metrics show all of them. */
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/**
 * The BullMQ queues the api enqueues on, by name. They share the api's Redis connection, whose
 * outages RedisModule reports once; BullMQ repeats each connection error as an `error` event of every
 * queue (printed to stderr when nobody listens), kept at debug level here.
 */
export class JobQueues {
  private readonly logger = new Logger('JobQueues');
  private readonly queues: ReadonlyMap<QueueName, Queue>;

  /** The provider: built from every queue `BullModule.registerQueue` made. */
  static readonly provider: Provider = {
    provide: JobQueues,
    useFactory: (...queues: Queue[]) => new JobQueues(queues),
    inject: ALL_QUEUES.map((name) => getQueueToken(name)),
  };

  private constructor(queues: readonly Queue[]) {
    this.queues = new Map(queues.map((queue) => [queue.name as QueueName, queue]));
    for (const queue of this.queues.values()) {
      queue.on('error', (error: Error) => this.logger.debug(`Queue ${queue.name}: ${error.message}`));
    }
  }

  get(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Queue ${name} is not registered`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }
}

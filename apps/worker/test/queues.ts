/**
 * Test helpers: a queue prefix of the test's own (so no test ever touches the real queues or another
 * test's), the producer side the api plays, and the removal of the prefix's keys afterwards.
 */
import { randomBytes } from 'node:crypto';
import { exclusionImportJobName, exclusionImportJobOptions, QUEUES } from '@ccp/jobs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix nobody else uses (a hash tag, like the real one). */
export function testPrefix(): string {
  return `{ccp-test-${randomBytes(4).toString('hex')}}`;
}

/** The exclusion-imports queue under a test prefix, as the api would enqueue into it. */
export function importsQueue(prefix: string): Queue {
  return new Queue(QUEUES.exclusionImports, { connection: { url: REDIS_URL }, prefix });
}

/** Enqueues an upload's import exactly as the api does (job id, name, options from @ccp/jobs). */
export async function enqueueImport(queue: Queue, upload: { accountId: string; uploadId: string; fileName?: string }): Promise<void> {
  await queue.add(
    exclusionImportJobName('test', upload.fileName ?? 'list.csv'),
    { accountId: upload.accountId, uploadId: upload.uploadId },
    exclusionImportJobOptions(upload.uploadId),
  );
}

/** Deletes every key under the prefix (and only those): what "the queue lost its keys" looks like. */
export async function deleteKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Waits until `probe` returns something truthy (and returns it), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T>, what: string, timeoutMs = 30_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

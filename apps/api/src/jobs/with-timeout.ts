import type { JobsOptions, Queue } from 'bullmq';

/** `promise`, or a rejection once `ms` have passed without it settling (the promise itself runs on). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'no answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Adds a job, waiting at most `ms` for Redis: the error when it was not queued (Redis refused or did
 * not answer), undefined when it was. What a failure means is the producer's to say.
 */
export async function enqueueWithin<Data>(
  queue: Queue<Data>,
  job: { readonly name: string; readonly data: Data; readonly options: JobsOptions },
  ms: number,
): Promise<Error | undefined> {
  try {
    await withTimeout(queue.add(job.name as never, job.data as never, job.options), ms, 'Redis did not answer');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

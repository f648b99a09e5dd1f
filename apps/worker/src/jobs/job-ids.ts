import { UnrecoverableError } from 'bullmq';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids a job's data must name (`keys`), checked: a job that does not name them can never succeed,
 * so it fails at once (`UnrecoverableError`) instead of being retried. `named` says what they are.
 */
export function jobIds<Key extends string>(data: unknown, keys: readonly Key[], named: string): Record<Key, string> {
  const fields = (data ?? {}) as Partial<Record<Key, unknown>>;
  if (!keys.every((key) => typeof fields[key] === 'string' && UUID.test(fields[key]))) {
    throw new UnrecoverableError(`the job data must name ${named} by id (got ${JSON.stringify(data)})`);
  }
  return fields as Record<Key, string>;
}

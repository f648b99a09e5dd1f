/**
 * The outcomes of an import that are not a result. The worker sorts them: `ImportRefused` is
 * permanent (the file: fail the upload with its message, change nothing); `ImportAborted` releases the
 * job for another run (shutdown); anything else (the database or Redis unavailable) is retried.
 */

/** The file cannot be imported, for a reason the person who uploaded it can act on (EXC-8). Permanent. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

/** The run was asked to stop (the worker is shutting down): nothing was changed, the upload is queued again. */
export class ImportAborted extends Error {
  constructor(reason = 'the import was stopped before it finished') {
    super(reason);
    this.name = 'ImportAborted';
  }
}

/** Another run took the upload over (this one stalled): this run's work was rolled back. */
export class ImportSuperseded extends Error {
  constructor(uploadId: string) {
    super(`upload ${uploadId} is held by another run`);
    this.name = 'ImportSuperseded';
  }
}

/** Throws `ImportAborted` once `signal` is aborted: called between batches, so a stop rolls back. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportAborted(typeof signal.reason === 'string' ? signal.reason : undefined);
}

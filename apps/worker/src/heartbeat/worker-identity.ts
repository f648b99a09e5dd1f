import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Which worker process this is: in log lines and in its heartbeat key. */
export class WorkerIdentity {
  constructor(readonly instance: string) {}

  /** `<host>-<pid>-<random>`: unique even for several workers in one process (tests). */
  static create(): WorkerIdentity {
    return new WorkerIdentity(`${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`);
  }
}

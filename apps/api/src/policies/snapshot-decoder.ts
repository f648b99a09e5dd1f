import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CompiledPolicy, decodePolicy } from '@ccp/policy-core';

/** Snapshots smaller than this decode in a few milliseconds: on the event loop, without a round trip. */
const INLINE_BELOW_BYTES = 256 * 1024;

const THREAD = new URL(`./snapshot-decoder.thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

type Reply = { readonly id: number; readonly policy: CompiledPolicy } | { readonly id: number; readonly error: string };

/**
 * Decodes policy snapshots. A large one (a list of 1,000,000 entries takes 50–100 ms) is decoded on a
 * thread of its own, so that installing a new policy never holds call decisions back; its exclusion
 * set comes back transferred, not copied. A snapshot that cannot be read rejects with the reason.
 */
export class SnapshotDecoder {
  private thread: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (policy: CompiledPolicy) => void; reject: (error: Error) => void }>();

  constructor(private readonly inlineBelowBytes = INLINE_BELOW_BYTES) {}

  async decode(bytes: Uint8Array): Promise<CompiledPolicy> {
    if (bytes.byteLength < this.inlineBelowBytes) return decodePolicy(bytes);
    const thread = this.start();
    const id = this.next++;
    return new Promise<CompiledPolicy>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ id, bytes });
    });
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    await thread?.terminate();
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(THREAD);
    // Decoding waits on it; nothing else should keep the process alive for it.
    thread.unref();
    thread.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.policy);
    });
    const fail = (error: Error) => {
      if (this.thread === thread) this.thread = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`the snapshot decoding thread stopped (exit code ${code})`)));
    this.thread = thread;
    return thread;
  }
}

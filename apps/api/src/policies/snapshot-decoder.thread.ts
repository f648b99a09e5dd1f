// Runs on the thread `SnapshotDecoder` starts (loaded as .ts from src in tests, as .js from dist):
// only type annotations that can be erased.
import { parentPort } from 'node:worker_threads';
import { decodePolicy } from '@ccp/policy-core';

parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  try {
    const policy = decodePolicy(bytes);
    // The exclusion set's arrays (16 MB for 1,000,000 entries) move to the main thread, uncopied.
    parentPort?.postMessage({ id, policy }, [
      policy.exclusions.numbers.buffer as ArrayBuffer,
      policy.exclusions.areaCodes.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    parentPort?.postMessage({ id, error: (error as Error).message });
  }
});

import { Global, Module } from '@nestjs/common';
import { PolicyRegistry } from './policy-registry.js';
import { PolicySnapshotQueue } from './policy-snapshot-queue.js';

@Global()
@Module({ providers: [PolicyRegistry, PolicySnapshotQueue], exports: [PolicyRegistry] })
export class PoliciesModule {}

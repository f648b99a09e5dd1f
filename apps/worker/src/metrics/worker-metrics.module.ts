import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerMetrics } from './worker-metrics.js';

/** Global, so any module injects `WorkerMetrics` to count what it does. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerMetrics],
  exports: [WorkerMetrics],
})
export class WorkerMetricsModule {}

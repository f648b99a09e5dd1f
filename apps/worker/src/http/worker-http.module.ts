import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WorkerHttp } from './worker-http.js';
import { WorkerReadiness } from './worker-readiness.js';

/** The worker's health and metrics endpoints on WORKER_PORT (none when 0). */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  providers: [WorkerReadiness, WorkerHttp],
})
export class WorkerHttpModule {}

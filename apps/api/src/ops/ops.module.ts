import { Module } from '@nestjs/common';
import { LoginAttemptsModule } from '../auth/login-attempts.module.js';
import { OperatorAuthenticator } from './operator-authenticator.js';
import { QueueDashboard } from './queue-dashboard.js';

/** What operations use beside `/health` and `/metrics`: the job dashboard at `/ops/queues`. */
@Module({ imports: [LoginAttemptsModule], providers: [OperatorAuthenticator, QueueDashboard] })
export class OpsModule {}

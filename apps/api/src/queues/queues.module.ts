import { Module } from '@nestjs/common';
import { QueuesController } from './queues.controller.js';
import { QueuesService } from './queues.service.js';

/** Queues and their recording settings (QUE-1..5). */
@Module({ controllers: [QueuesController], providers: [QueuesService] })
export class QueuesModule {}

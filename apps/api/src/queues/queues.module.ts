import { Module } from '@nestjs/common';
import { ScopedSettingsModule } from '../scoped-settings/scoped-settings.module.js';
import { QueuesController } from './queues.controller.js';

/** Queues and their recording settings (QUE-1..5). */
@Module({ imports: [ScopedSettingsModule], controllers: [QueuesController] })
export class QueuesModule {}

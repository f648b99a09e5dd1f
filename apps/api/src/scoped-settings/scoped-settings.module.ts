import { Module } from '@nestjs/common';
import { ScopedSettingsService } from './scoped-settings.service.js';

/** The mechanism queues and employees share (`ScopedSettingsService`). */
@Module({ providers: [ScopedSettingsService], exports: [ScopedSettingsService] })
export class ScopedSettingsModule {}

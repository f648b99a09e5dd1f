import { Module } from '@nestjs/common';
import { RecordingSettingsController } from './recording-settings.controller.js';
import { RecordingSettingsService } from './recording-settings.service.js';

@Module({ controllers: [RecordingSettingsController], providers: [RecordingSettingsService] })
export class RecordingSettingsModule {}

import { Module } from '@nestjs/common';
import { ExclusionsController } from './exclusions.controller.js';
import { ExclusionsRepository } from './exclusions.repository.js';
import { ExclusionsService } from './exclusions.service.js';

/** The exclusion list (EXC-1, EXC-6, EXC-7); uploads and exports come later. */
@Module({ controllers: [ExclusionsController], providers: [ExclusionsService, ExclusionsRepository] })
export class ExclusionsModule {}

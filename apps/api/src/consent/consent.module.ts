import { Module } from '@nestjs/common';
import { ConsentRegionsController } from './consent-regions.controller.js';

@Module({ controllers: [ConsentRegionsController] })
export class ConsentModule {}

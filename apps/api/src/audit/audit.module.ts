import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditWriter } from './audit.writer.js';

@Global()
@Module({ controllers: [AuditController], providers: [AuditWriter], exports: [AuditWriter] })
export class AuditModule {}

import { Module } from '@nestjs/common';
import { ScopedSettingsModule } from '../scoped-settings/scoped-settings.module.js';
import { EmployeesController } from './employees.controller.js';

/** Employees, their direct lines and recording settings (IND-1, IND-2, IND-4). */
@Module({ imports: [ScopedSettingsModule], controllers: [EmployeesController] })
export class EmployeesModule {}

import { Module } from '@nestjs/common';
import { EmployeesController } from './employees.controller.js';
import { EmployeesService } from './employees.service.js';

/** Employees, their direct lines and recording settings (IND-1, IND-2, IND-4). */
@Module({ controllers: [EmployeesController], providers: [EmployeesService] })
export class EmployeesModule {}

import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { scopedSettingsController } from '../scoped-settings/scoped-settings.controller.js';
import { CreateEmployeeDto, EmployeeDto, EmployeeListDto, EmployeeRecordingDto } from './dto/employee.dto.js';
import { EMPLOYEE_SCOPE } from './employee.scope.js';

@ApiTags('employees')
@Controller('employees')
export class EmployeesController extends scopedSettingsController({
  scope: EMPLOYEE_SCOPE,
  path: 'employees',
  idParam: { name: 'id', description: 'The id calls name the employee by', example: 'alice' },
  dto: EmployeeDto,
  listDto: EmployeeListDto,
  createDto: CreateEmployeeDto,
  settingDto: EmployeeRecordingDto,
  operations: {
    list: {
      operationId: 'listEmployees',
      summary: 'Every employee with their effective inbound and outbound settings and whether they are custom (IND-4: ?custom=true)',
    },
    create: {
      operationId: 'createEmployee',
      summary: 'Add an employee with a direct line; they follow the individual defaults (IND-1, IND-2)',
    },
    get: { operationId: 'getEmployee', summary: 'One employee with their recording settings and revision' },
    delete: { operationId: 'deleteEmployee', summary: 'Remove an employee' },
    setRecording: {
      operationId: 'setEmployeeRecording',
      summary: 'IND-1, IND-2: custom inbound and outbound settings for the employee, overriding the individual defaults',
    },
    resetRecording: {
      operationId: 'resetEmployeeRecording',
      summary: 'IND-4: Reset to Default: the employee follows the individual defaults again',
    },
  },
  createProblems: [
    [409, 'The id, or the direct line, is taken by another employee of this account'],
    [422, 'The request is not valid, or directLine is not a North American number: errors[] names each field and why'],
  ],
  created: 'The employee; their revision also as ETag, their URL as Location',
  changed: 'The employee; their new revision also as ETag',
  reset: 'The employee; their revision also as ETag',
  ifMatch: "The employee's revision read: 428 without it, 412 when stale",
}) {}

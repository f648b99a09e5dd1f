import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { IfMatchRevision, OptionalIfMatchRevision, sendRevision } from '../common/if-match.js';
import { CustomFilterQueryDto } from '../queues/dto/scope-query.dto.js';
import { CreateEmployeeDto, EmployeeDto, EmployeeListDto, EmployeeRecordingDto } from './dto/employee.dto.js';
import { EmployeesService } from './employees.service.js';

const EMPLOYEE_ID = { name: 'id', description: 'The id calls name the employee by', example: 'alice' };
const ETAG = { ETag: { description: 'The revision, for If-Match', schema: { type: 'string', example: '"2"' } } };
const OPTIONAL_IF_MATCH = { name: 'If-Match', required: false, description: 'Optional: when sent, the revision read (412 when stale)' };

@ApiTags('employees')
@Controller('employees')
export class EmployeesController {
  constructor(private readonly employees: EmployeesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listEmployees',
    summary: 'Every employee with their effective inbound and outbound settings and whether they are custom (IND-4: ?custom=true)',
  })
  @ApiOkResponse({ type: EmployeeListDto })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CustomFilterQueryDto): Promise<EmployeeListDto> {
    return { items: await this.employees.list(principal, query.custom) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createEmployee',
    summary: 'Add an employee with a direct line; they follow the individual defaults (IND-1, IND-2)',
  })
  @ApiCreatedResponse({
    type: EmployeeDto,
    description: 'The employee; their revision also as ETag, their URL as Location',
    headers: { ...ETAG, Location: { description: 'Its URL', schema: { type: 'string' } } },
  })
  @ApiProblems(
    [409, 'The id, or the direct line, is taken by another employee of this account'],
    [422, 'The request is not valid, or directLine is not a North American number: errors[] names each field and why'],
  )
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateEmployeeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EmployeeDto> {
    const employee = await this.employees.create(principal, body);
    sendRevision(reply, employee.revision);
    reply.header('location', `/api/v1/employees/${encodeURIComponent(employee.id)}`);
    return employee;
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEmployee', summary: 'One employee with their recording settings and revision' })
  @ApiParam(EMPLOYEE_ID)
  @ApiOkResponse({ type: EmployeeDto, headers: ETAG })
  @ApiProblems(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EmployeeDto> {
    const employee = await this.employees.get(principal, id);
    sendRevision(reply, employee.revision);
    return employee;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteEmployee', summary: 'Remove an employee' })
  @ApiParam(EMPLOYEE_ID)
  @ApiHeader(OPTIONAL_IF_MATCH)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(404, 412)
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @OptionalIfMatchRevision() revision: number | undefined,
  ): Promise<void> {
    await this.employees.delete(principal, id, revision);
  }

  @Put(':id/recording')
  @ApiOperation({
    operationId: 'setEmployeeRecording',
    summary: 'IND-1, IND-2: custom inbound and outbound settings for the employee, overriding the individual defaults',
  })
  @ApiParam(EMPLOYEE_ID)
  @ApiHeader({ name: 'If-Match', required: true, description: "The employee's revision read: 428 without it, 412 when stale" })
  @ApiOkResponse({ type: EmployeeDto, description: 'The employee; their new revision also as ETag', headers: ETAG })
  @ApiProblems(404, 412, 422, 428)
  async setRecording(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @IfMatchRevision() revision: number,
    @Body() body: EmployeeRecordingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EmployeeDto> {
    const employee = await this.employees.setRecording(principal, id, revision, body);
    sendRevision(reply, employee.revision);
    return employee;
  }

  @Delete(':id/recording')
  @ApiOperation({
    operationId: 'resetEmployeeRecording',
    summary: 'IND-4: Reset to Default: the employee follows the individual defaults again',
  })
  @ApiParam(EMPLOYEE_ID)
  @ApiHeader(OPTIONAL_IF_MATCH)
  @ApiOkResponse({ type: EmployeeDto, description: 'The employee; their revision also as ETag', headers: ETAG })
  @ApiProblems(404, 412)
  async resetRecording(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @OptionalIfMatchRevision() revision: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EmployeeDto> {
    const employee = await this.employees.resetRecording(principal, id, revision);
    sendRevision(reply, employee.revision);
    return employee;
  }
}

import { Body, Delete, Get, HttpCode, Injectable, Param, Post, Put, Query, Res, type Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  type ApiOperationOptions,
  ApiParam,
  type ApiParamOptions,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { CustomFilterQueryDto } from '../common/dto/scope.dto.js';
import { IfMatchRevision, OptionalIfMatchRevision, sendRevision } from '../common/if-match.js';
import type { Scope, ScopeRow } from './scope.js';
import { ScopedSettingsService } from './scoped-settings.service.js';

const ETAG = { ETag: { description: 'The revision, for If-Match', schema: { type: 'string', example: '"2"' } } };
const OPTIONAL_IF_MATCH = { name: 'If-Match', required: false, description: 'Optional: when sent, the revision read (412 when stale)' };

/** The routes of one kind of scope and what the OpenAPI document says of them. */
export interface ScopeRoutes<Row extends ScopeRow, Setting, Dto extends { id: string; revision: number }, Create> {
  readonly scope: Scope<Row, Setting, Dto, Create>;
  /** Under /api/v1, as the controller's path: `queues`. */
  readonly path: string;
  readonly idParam: ApiParamOptions;
  readonly dto: Type<Dto>;
  readonly listDto: Type<{ items: Dto[] }>;
  readonly createDto: Type<Create>;
  readonly settingDto: Type<Setting>;
  readonly operations: Readonly<Record<'list' | 'create' | 'get' | 'delete' | 'setRecording' | 'resetRecording', ApiOperationOptions>>;
  readonly createProblems: Parameters<typeof ApiProblems>;
  /** The answers' descriptions: the 201 of a create, the 200 of a change, the 200 of a reset. */
  readonly created: string;
  readonly changed: string;
  readonly reset: string;
  /** The required If-Match of a change. */
  readonly ifMatch: string;
}

/**
 * The controller of a kind of scope with custom settings (queues, employees): list, create, get and
 * delete, set and reset the custom settings, each a call of `ScopedSettingsService`. The subclass adds
 * `@Controller(path)` and its tag.
 */
export function scopedSettingsController<Row extends ScopeRow, Setting, Dto extends { id: string; revision: number }, Create>(
  routes: ScopeRoutes<Row, Setting, Dto, Create>,
) {
  const { scope, operations } = routes;

  @Injectable()
  class ScopedSettingsController {
    constructor(readonly scoped: ScopedSettingsService) {}

    @Get()
    @ApiOperation(operations.list)
    @ApiOkResponse({ type: routes.listDto })
    @ApiProblems(422)
    async list(@CurrentPrincipal() principal: Principal, @Query() query: CustomFilterQueryDto): Promise<{ items: Dto[] }> {
      return { items: await this.scoped.list(scope, principal, query.custom) };
    }

    @Post()
    @ApiOperation(operations.create)
    @ApiCreatedResponse({
      type: routes.dto,
      description: routes.created,
      headers: { ...ETAG, Location: { description: 'Its URL', schema: { type: 'string' } } },
    })
    @ApiProblems(...routes.createProblems)
    async create(@CurrentPrincipal() principal: Principal, @Body() body: Create, @Res({ passthrough: true }) reply: FastifyReply) {
      const created = await this.scoped.create(scope, principal, body);
      sendRevision(reply, created.revision);
      reply.header('location', `/api/v1/${routes.path}/${encodeURIComponent(created.id)}`);
      return created;
    }

    @Get(':id')
    @ApiOperation(operations.get)
    @ApiParam(routes.idParam)
    @ApiOkResponse({ type: routes.dto, headers: ETAG })
    @ApiProblems(404)
    async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
      return withRevision(reply, await this.scoped.get(scope, principal, id));
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiOperation(operations.delete)
    @ApiParam(routes.idParam)
    @ApiHeader(OPTIONAL_IF_MATCH)
    @ApiNoContentResponse({ description: 'Removed' })
    @ApiProblems(404, 412)
    async delete(
      @CurrentPrincipal() principal: Principal,
      @Param('id') id: string,
      @OptionalIfMatchRevision() revision: number | undefined,
    ): Promise<void> {
      await this.scoped.delete(scope, principal, id, revision);
    }

    @Put(':id/recording')
    @ApiOperation(operations.setRecording)
    @ApiParam(routes.idParam)
    @ApiHeader({ name: 'If-Match', required: true, description: routes.ifMatch })
    @ApiOkResponse({ type: routes.dto, description: routes.changed, headers: ETAG })
    @ApiProblems(404, 412, 422, 428)
    async setRecording(
      @CurrentPrincipal() principal: Principal,
      @Param('id') id: string,
      @IfMatchRevision() revision: number,
      @Body() body: Setting,
      @Res({ passthrough: true }) reply: FastifyReply,
    ) {
      return withRevision(reply, await this.scoped.setCustom(scope, principal, id, revision, body));
    }

    @Delete(':id/recording')
    @ApiOperation(operations.resetRecording)
    @ApiParam(routes.idParam)
    @ApiHeader(OPTIONAL_IF_MATCH)
    @ApiOkResponse({ type: routes.dto, description: routes.reset, headers: ETAG })
    @ApiProblems(404, 412)
    async resetRecording(
      @CurrentPrincipal() principal: Principal,
      @Param('id') id: string,
      @OptionalIfMatchRevision() revision: number | undefined,
      @Res({ passthrough: true }) reply: FastifyReply,
    ) {
      return withRevision(reply, await this.scoped.resetCustom(scope, principal, id, revision));
    }
  }

  // The bodies' classes are known only here, not to the compiler: validation and the document read them from this metadata.
  Reflect.defineMetadata('design:paramtypes', [Object, routes.createDto, Object], ScopedSettingsController.prototype, 'create');
  Reflect.defineMetadata(
    'design:paramtypes',
    [Object, String, Number, routes.settingDto, Object],
    ScopedSettingsController.prototype,
    'setRecording',
  );
  return ScopedSettingsController;
}

function withRevision<T extends { revision: number }>(reply: FastifyReply, resource: T): T {
  sendRevision(reply, resource.revision);
  return resource;
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { IfMatchRevision, OptionalIfMatchRevision, sendRevision } from '../common/if-match.js';
import { ModeSettingDto } from '../recording-settings/dto/recording-settings.dto.js';
import { CreateQueueDto, QueueDto, QueueListDto } from './dto/queue.dto.js';
import { CustomFilterQueryDto } from './dto/scope-query.dto.js';
import { QueuesService } from './queues.service.js';

const QUEUE_ID = { name: 'id', description: 'The id calls name the queue by', example: 'sales' };
const ETAG = { ETag: { description: 'The revision, for If-Match', schema: { type: 'string', example: '"2"' } } };
const OPTIONAL_IF_MATCH = { name: 'If-Match', required: false, description: 'Optional: when sent, the revision read (412 when stale)' };

@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listQueues',
    summary: 'Every queue with its effective recording settings and whether they are custom (QUE-5: ?custom=true)',
  })
  @ApiOkResponse({ type: QueueListDto })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CustomFilterQueryDto): Promise<QueueListDto> {
    return { items: await this.queues.list(principal, query.custom) };
  }

  @Post()
  @ApiOperation({ operationId: 'createQueue', summary: 'Add a queue; it follows the queue default (QUE-1)' })
  @ApiCreatedResponse({
    type: QueueDto,
    description: 'The queue; its revision also as ETag, its URL as Location',
    headers: { ...ETAG, Location: { description: 'Its URL', schema: { type: 'string' } } },
  })
  @ApiProblems([409, 'A queue with this id exists already in this account'], 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateQueueDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueDto> {
    const queue = await this.queues.create(principal, body);
    sendRevision(reply, queue.revision);
    reply.header('location', `/api/v1/queues/${encodeURIComponent(queue.id)}`);
    return queue;
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getQueue', summary: 'One queue with its recording settings and revision' })
  @ApiParam(QUEUE_ID)
  @ApiOkResponse({ type: QueueDto, headers: ETAG })
  @ApiProblems(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueDto> {
    const queue = await this.queues.get(principal, id);
    sendRevision(reply, queue.revision);
    return queue;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteQueue', summary: 'Remove a queue' })
  @ApiParam(QUEUE_ID)
  @ApiHeader(OPTIONAL_IF_MATCH)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(404, 412)
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @OptionalIfMatchRevision() revision: number | undefined,
  ): Promise<void> {
    await this.queues.delete(principal, id, revision);
  }

  @Put(':id/recording')
  @ApiOperation({
    operationId: 'setQueueRecording',
    summary: 'QUE-3: custom recording settings for the queue, overriding the queue default',
  })
  @ApiParam(QUEUE_ID)
  @ApiHeader({ name: 'If-Match', required: true, description: "The queue's revision read: 428 without it, 412 when stale" })
  @ApiOkResponse({ type: QueueDto, description: 'The queue; its new revision also as ETag', headers: ETAG })
  @ApiProblems(404, 412, 422, 428)
  async setRecording(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @IfMatchRevision() revision: number,
    @Body() body: ModeSettingDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueDto> {
    const queue = await this.queues.setRecording(principal, id, revision, body);
    sendRevision(reply, queue.revision);
    return queue;
  }

  @Delete(':id/recording')
  @ApiOperation({ operationId: 'resetQueueRecording', summary: 'QUE-4: Reset to Default: the queue follows the queue default again' })
  @ApiParam(QUEUE_ID)
  @ApiHeader(OPTIONAL_IF_MATCH)
  @ApiOkResponse({ type: QueueDto, description: 'The queue; its revision also as ETag', headers: ETAG })
  @ApiProblems(404, 412)
  async resetRecording(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @OptionalIfMatchRevision() revision: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueDto> {
    const queue = await this.queues.resetRecording(principal, id, revision);
    sendRevision(reply, queue.revision);
    return queue;
  }
}

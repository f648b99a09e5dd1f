import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { CallHistoryService } from '../call-history/call-history.service.js';
import { CallRecordDto } from '../call-history/dto/call-history.dto.js';
import { ApiProblemResponses, ApiProblems } from '../common/api-problems.decorator.js';
import { CallsService } from './calls.service.js';
import { CallDecisionDto, CallEventBodyDto, CallStepDto, StartCallDto } from './dto/calls.dto.js';
import { EventBody } from './event-body.decorator.js';

const CALL_ID_PARAM = { name: 'callId', description: 'The id the call was started with' };

/** Live call decisions for the telephony side (API keys) or a person. */
@ApiTags('calls')
@Access('integration')
@ApiProblems(
  [401, 'No token or API key, or a bad or revoked one'],
  [403, 'ACC-1 feature not enabled, or ACC-2 missing permission'],
  [503, 'The call session store (Redis) does not answer: nothing was decided; retry'],
)
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly history: CallHistoryService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'startCall',
    summary: 'Start a call session',
    description:
      'Nothing is decided yet: send `connected` and the events that follow to `/calls/{callId}/events`. ' +
      'A call nobody ends expires 4 hours after its last event.',
  })
  @ApiCreatedResponse({
    type: CallDecisionDto,
    headers: { Location: { description: 'The call: /api/v1/calls/{callId}', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(
    [409, 'The account has a call with this id already'],
    [422, 'The call is not valid (`call.kind`, …) or names a queue or employee the account does not have'],
  )
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartCallDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CallDecisionDto> {
    const decision = await this.calls.start(principal, body.callId, body.call);
    reply.header('location', `/api/v1/calls/${encodeURIComponent(body.callId)}`);
    return decision;
  }

  @Post(':callId/events')
  @HttpCode(200)
  @ApiParam(CALL_ID_PARAM)
  @ApiOperation({
    operationId: 'postCallEvent',
    summary: 'One event of the call: the decision after it',
    description:
      "Decided under the account's live settings. The answer is a replay step of scenario-format.md with `settingsVersion`. " +
      'An agent action a rule forbids is 200 with `rejected` naming the rule; an event that cannot happen now is 422. ' +
      'After `ended` the call stays readable for 5 minutes.',
  })
  @ApiBody({ type: CallEventBodyDto })
  @ApiOkResponse({ type: CallStepDto })
  @ApiProblemResponses(
    [404, 'No such call in this account (unknown or expired)'],
    [409, 'Other events of this call kept winning the race to store; send the event again'],
    [422, 'The event is not valid (`event.type`, …), or cannot happen at this point of the call (`event`: the reason)'],
  )
  event(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @EventBody() event: Record<string, unknown>,
  ): Promise<CallStepDto> {
    return this.calls.event(principal, callId, event);
  }

  @Get(':callId')
  @Access('call-reader')
  @ApiParam(CALL_ID_PARAM)
  @ApiOperation({
    operationId: 'getCall',
    summary: "With an API key: the live call's current decision. For people with View Call History: the whole record, live or kept",
    description:
      'An API key gets the decision after the last event while the call is live (ACC-5: keys never read the history). ' +
      'A person with View Call History gets the record of the call (HIS-1): its steps exactly as answered, with when each event arrived, live from its session or kept in the history (the latest call with this id).',
  })
  @ApiExtraModels(CallDecisionDto, CallRecordDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(CallDecisionDto) }, { $ref: getSchemaPath(CallRecordDto) }] } })
  @ApiProblemResponses(
    [403, 'ACC-1 feature not enabled, or a person without View Call History (ACC-5)'],
    [404, 'No such call in this account (unknown, or expired and not kept)'],
  )
  get(@CurrentPrincipal() principal: Principal, @Param('callId') callId: string): Promise<CallDecisionDto | CallRecordDto> {
    return principal.kind === 'api-key' ? this.calls.get(principal, callId) : this.history.record(principal, callId);
  }
}

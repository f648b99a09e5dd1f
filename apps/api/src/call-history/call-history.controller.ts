import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { IfMatchRevision, sendRevision } from '../common/if-match.js';
import { CallHistoryService } from './call-history.service.js';
import { callHistoryCsv, callHistoryFileName } from './call-history-csv.js';
import {
  CallPageDto,
  CallRecordDto,
  CallSearchQueryDto,
  CallsOnDayDto,
  CallsPerDayQueryDto,
  ErasureBodyDto,
  ErasureDto,
  HistorySettingsBodyDto,
  HistorySettingsDto,
  HoldBodyDto,
} from './dto/call-history.dto.js';

const CALL_ID_PARAM = { name: 'callId', description: 'The id the call was started with' };

/** The call history (HIS-2..5) for people with View Call History (ACC-5); holds, erasures and retention also need Edit Call Recording Settings. */
@ApiTags('call history')
@Access('history')
@Controller()
export class CallHistoryController {
  constructor(private readonly history: CallHistoryService) {}

  @Get('calls')
  @ApiOperation({
    operationId: 'searchCalls',
    summary: 'HIS-3: kept calls, newest first, by number, time, queue, employee, outcome, rule and consent status',
    description:
      "With `format=csv`, every matching call as a CSV file (one row a call: started, ended, status, kind, number, queues, employees, outcome, deciding rules, consent status, the customer's region), streamed.",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'A page of calls (JSON), or with `format=csv` every matching call (CSV)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CallPageDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiExtraModels(CallPageDto)
  @ApiProblems(422)
  async search(@CurrentPrincipal() principal: Principal, @Query() query: CallSearchQueryDto, @Res() reply: FastifyReply): Promise<void> {
    if (query.format === 'csv') {
      const rows = this.history.matching(principal, query);
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${callHistoryFileName(principal.account.slug, new Date())}"`)
        .send(Readable.from(callHistoryCsv(rows)));
      return;
    }
    await reply.send(await this.history.search(principal, query));
  }

  @Get('calls/:callId/scenario')
  @ApiParam(CALL_ID_PARAM)
  @ApiOperation({
    operationId: 'getCallScenario',
    summary: "HIS-2: the call's evidence, a scenario file whose replay (`pnpm simulate`) gives back its decisions",
    description:
      'Settings reduced to the queues, employees and exclusion entries the call touches; `settingsChanges` where the settings changed during the call; `meta` names the account, the call, when each event was received and the live settings versions.',
  })
  @ApiOkResponse({ description: 'A scenario (scenario-format.md)', schema: { type: 'object' } })
  @ApiProblems(404, [409, 'The call has no decided event, or its settings were not kept'])
  scenario(@CurrentPrincipal() principal: Principal, @Param('callId') callId: string): Promise<Record<string, unknown>> {
    return this.history.scenario(principal, callId);
  }

  @Put('calls/:callId/hold')
  @Access('history-edit')
  @ApiParam(CALL_ID_PARAM)
  @ApiOperation({
    operationId: 'placeCallHold',
    summary: 'HIS-4: place a legal hold: the call is kept whatever the retention until released (audited)',
  })
  @ApiOkResponse({ type: CallRecordDto })
  @ApiProblems(404, [409, 'The call is live, or ended a moment ago and not yet kept: hold it once it is in the history'], 422)
  hold(@CurrentPrincipal() principal: Principal, @Param('callId') callId: string, @Body() body: HoldBodyDto): Promise<CallRecordDto> {
    return this.history.hold(principal, callId, body.reason);
  }

  @Delete('calls/:callId/hold')
  @Access('history-edit')
  @ApiParam(CALL_ID_PARAM)
  @ApiOperation({
    operationId: 'releaseCallHold',
    summary: 'HIS-4: release the hold: the call expires with the retention period again (audited)',
  })
  @ApiOkResponse({ type: CallRecordDto })
  @ApiProblems(404)
  release(@CurrentPrincipal() principal: Principal, @Param('callId') callId: string): Promise<CallRecordDto> {
    return this.history.release(principal, callId);
  }

  @Post('calls/erasures')
  @HttpCode(200)
  @Access('history-edit')
  @ApiOperation({
    operationId: 'eraseCustomerCalls',
    summary: 'HIS-5: erase every kept call of one customer number',
    description: 'Calls under a legal hold are kept (and counted). The audit log keeps who, when and how many calls, never the number.',
  })
  @ApiOkResponse({ type: ErasureDto })
  @ApiProblems(422)
  erase(@CurrentPrincipal() principal: Principal, @Body() body: ErasureBodyDto): Promise<ErasureDto> {
    return this.history.erase(principal, body.number);
  }

  @Get('calls-per-day')
  @ApiOperation({ operationId: 'getCallsPerDay', summary: "The account's kept calls per day (UTC) and outcome, for the console's chart" })
  @ApiOkResponse({ type: [CallsOnDayDto] })
  @ApiProblems(422)
  perDay(@CurrentPrincipal() principal: Principal, @Query() query: CallsPerDayQueryDto): Promise<CallsOnDayDto[]> {
    return this.history.perDay(principal, query.from, query.to);
  }

  @Get('history-settings')
  @ApiOperation({ operationId: 'getHistorySettings', summary: "HIS-4: the account's retention period, with its revision (also the ETag)" })
  @ApiOkResponse({ type: HistorySettingsDto })
  @ApiProblems()
  async settings(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<HistorySettingsDto> {
    const settings = await this.history.settings(principal);
    sendRevision(reply, settings.revision);
    return settings;
  }

  @Put('history-settings')
  @Access('history-edit')
  @ApiOperation({
    operationId: 'updateHistorySettings',
    summary: 'HIS-4: change the retention period (If-Match: the revision read; audited); kept calls expire by the new period',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision read: 428 without it, 412 when stale' })
  @ApiOkResponse({ type: HistorySettingsDto })
  @ApiProblems(412, 422, 428)
  async setRetention(
    @CurrentPrincipal() principal: Principal,
    @IfMatchRevision() revision: number,
    @Body() body: HistorySettingsBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistorySettingsDto> {
    const settings = await this.history.setRetention(principal, body.retentionDays, revision);
    sendRevision(reply, settings.revision);
    return settings;
  }
}

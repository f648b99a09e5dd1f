import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { IfMatchRevision, sendRevision } from '../common/if-match.js';
import { RecordingSettingsDto, UpdateRecordingSettingsDto } from './dto/recording-settings.dto.js';
import { RecordingSettingsService } from './recording-settings.service.js';

@ApiTags('recording settings')
@Controller('recording-settings')
export class RecordingSettingsController {
  constructor(private readonly settings: RecordingSettingsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getRecordingSettings',
    summary: 'The global, transfer, queue-default and individual-default settings, with their revision',
  })
  @ApiOkResponse({ type: RecordingSettingsDto })
  @ApiProblems()
  async get(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecordingSettingsDto> {
    const settings = await this.settings.get(principal);
    sendRevision(reply, settings.revision);
    return settings;
  }

  @Put()
  @ApiOperation({
    operationId: 'updateRecordingSettings',
    summary: 'Replace the settings (If-Match: the revision read; GLB-5 confirmation to switch to on-connect)',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision read: 428 without it, 412 when stale' })
  @ApiOkResponse({ type: RecordingSettingsDto })
  @ApiProblems(
    412,
    [422, 'Not valid: `errors[]` names each field; switching to on-connect without `confirmSwitchToOnConnect` has `rule` "GLB-5"'],
    428,
  )
  async put(
    @CurrentPrincipal() principal: Principal,
    @IfMatchRevision() revision: number,
    @Body() body: UpdateRecordingSettingsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordingSettingsDto> {
    const settings = await this.settings.update(principal, revision, body);
    sendRevision(reply, settings.revision);
    return settings;
  }
}

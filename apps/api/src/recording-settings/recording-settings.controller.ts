import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { IfMatchRevision, sendRevision } from '../common/if-match.js';
import { RecordingSettingsDto, UpdateRecordingSettingsDto } from './dto/recording-settings.dto.js';
import { RecordingSettingsService } from './recording-settings.service.js';

@ApiTags('recording settings')
@ApiBearerAuth()
@Controller('recording-settings')
export class RecordingSettingsController {
  constructor(private readonly settings: RecordingSettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The global, transfer, queue-default and individual-default settings, with their revision' })
  @ApiOkResponse({ type: RecordingSettingsDto })
  async get(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<RecordingSettingsDto> {
    const settings = await this.settings.get(principal);
    sendRevision(reply, settings.revision);
    return settings;
  }

  @Put()
  @ApiOperation({ summary: 'Replace the settings (If-Match: the revision read; GLB-5 confirmation to switch to on-connect)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision read: 428 without it, 412 when stale' })
  @ApiOkResponse({ type: RecordingSettingsDto })
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

import { CONNECT_MODES, type ConnectMode, TRANSFER_RULES, TRIGGERS, type TransferRule, type Trigger } from '@ccp/policy-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ModeSettingDto, oneOf } from '../../common/dto/mode-setting.dto.js';
import { NestedObject } from '../../common/dto/nested-object.js';

export class TransferRulesDto {
  @ApiProperty({ enum: TRANSFER_RULES, description: 'TRF-1 keep-original or TRF-2 use-destination' })
  @IsIn(TRANSFER_RULES, oneOf(TRANSFER_RULES))
  toQueue: TransferRule;

  @ApiProperty({ enum: TRANSFER_RULES, description: 'TRF-3 keep-original or TRF-4 use-destination' })
  @IsIn(TRANSFER_RULES, oneOf(TRANSFER_RULES))
  toEmployee: TransferRule;
}

export class IndividualDefaultDto {
  @NestedObject(ModeSettingDto, 'IND-1: calls to the direct line')
  inbound: ModeSettingDto;

  @NestedObject(ModeSettingDto, 'IND-2: calls the employee makes')
  outbound: ModeSettingDto;
}

/** The account-wide settings: global (GLB), transfers (TRF), queue default (QUE-1), individual defaults (IND). */
export class RecordingSettingsBodyDto {
  @ApiProperty({ enum: TRIGGERS, description: 'GLB-2 on-answer (On Call Answered) or GLB-3 on-connect (On Call Connected)' })
  @IsIn(TRIGGERS, oneOf(TRIGGERS))
  trigger: Trigger;

  @ApiProperty({ enum: CONNECT_MODES, description: 'GLB-6: the mode under on-connect' })
  @IsIn(CONNECT_MODES, oneOf(CONNECT_MODES))
  connectMode: ConnectMode;

  @NestedObject(TransferRulesDto)
  transfer: TransferRulesDto;

  @NestedObject(ModeSettingDto, 'QUE-1: what every queue without custom settings follows')
  queueDefault: ModeSettingDto;

  @NestedObject(IndividualDefaultDto)
  individualDefault: IndividualDefaultDto;
}

export class UpdateRecordingSettingsDto extends RecordingSettingsBodyDto {
  @ApiPropertyOptional({
    description: 'GLB-5: must be true to switch from on-answer to on-connect (the console\'s "Switch to On Call Connected")',
  })
  @IsOptional()
  @IsBoolean()
  confirmSwitchToOnConnect?: boolean;
}

export class RecordingSettingsDto extends RecordingSettingsBodyDto {
  @ApiProperty({ description: 'Send it back as If-Match to change the settings (also sent as ETag)' })
  revision: number;
}

import {
  ANNOUNCEMENTS,
  type Announcement,
  CONNECT_MODES,
  type ConnectMode,
  MODES,
  type Mode,
  TRANSFER_RULES,
  TRIGGERS,
  type TransferRule,
  type Trigger,
} from '@ccp/policy-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsObjectIfPresent } from '../../common/is-object-if-present.js';

const oneOf = (values: readonly string[]) => ({ message: `$property must be one of ${values.join(', ')}` });

/** A mode and its announcement (MOD-1..4, ANN-1..2). */
export class ModeSettingDto {
  @ApiProperty({ enum: MODES, description: 'MOD-1 always, MOD-2 automatic, MOD-3 manual, MOD-4 never' })
  @IsIn(MODES, oneOf(MODES))
  mode: Mode;

  @ApiProperty({ enum: ANNOUNCEMENTS, description: 'ANN-1 prompt the agent, ANN-2 never announce' })
  @IsIn(ANNOUNCEMENTS, oneOf(ANNOUNCEMENTS))
  announcement: Announcement;
}

export class TransferRulesDto {
  @ApiProperty({ enum: TRANSFER_RULES, description: 'TRF-1 keep-original or TRF-2 use-destination' })
  @IsIn(TRANSFER_RULES, oneOf(TRANSFER_RULES))
  toQueue: TransferRule;

  @ApiProperty({ enum: TRANSFER_RULES, description: 'TRF-3 keep-original or TRF-4 use-destination' })
  @IsIn(TRANSFER_RULES, oneOf(TRANSFER_RULES))
  toEmployee: TransferRule;
}

export class IndividualDefaultDto {
  @ApiProperty({ type: ModeSettingDto, description: 'IND-1: calls to the direct line' })
  @IsDefined()
  @IsObjectIfPresent()
  @ValidateNested()
  @Type(() => ModeSettingDto)
  inbound: ModeSettingDto;

  @ApiProperty({ type: ModeSettingDto, description: 'IND-2: calls the employee makes' })
  @IsDefined()
  @IsObjectIfPresent()
  @ValidateNested()
  @Type(() => ModeSettingDto)
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

  @ApiProperty({ type: TransferRulesDto })
  @IsDefined()
  @IsObjectIfPresent()
  @ValidateNested()
  @Type(() => TransferRulesDto)
  transfer: TransferRulesDto;

  @ApiProperty({ type: ModeSettingDto, description: 'QUE-1: what every queue without custom settings follows' })
  @IsDefined()
  @IsObjectIfPresent()
  @ValidateNested()
  @Type(() => ModeSettingDto)
  queueDefault: ModeSettingDto;

  @ApiProperty({ type: IndividualDefaultDto })
  @IsDefined()
  @IsObjectIfPresent()
  @ValidateNested()
  @Type(() => IndividualDefaultDto)
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

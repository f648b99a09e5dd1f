import {
  CONNECT_MODES,
  CONSENT_MODES,
  type ConnectMode,
  type ConsentMode,
  REGIONS,
  TRANSFER_RULES,
  TRIGGERS,
  type TransferRule,
  type Trigger,
  UNKNOWN_REGION_TREATMENTS,
  type UnknownRegionTreatment,
} from '@ccp/policy-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ModeSettingDto, oneOf } from '../../common/dto/mode-setting.dto.js';
import { NestedObject, OptionalNestedObject } from '../../common/dto/nested-object.js';

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

/**
 * CNS-2..4: the consent settings. Complete when sent (a full replacement, like every other part of the
 * body): a missing field here would silently reset the admin's list to the product's default.
 */
export class ConsentSettingsDto {
  @ApiProperty({
    enum: CONSENT_MODES,
    description: 'off: consent is never needed (a refusal still stops the recording, CNS-5); CNS-3 announce; CNS-4 require',
  })
  @IsIn(CONSENT_MODES, oneOf(CONSENT_MODES))
  mode: ConsentMode;

  @ApiProperty({
    type: [String],
    maxItems: REGIONS.length,
    example: ['CA', 'FL', 'WA'],
    description:
      'The all-party list (CNS-2): region codes of `GET /consent/regions`, in any case and order; answered upper case, ascending, once each. ' +
      "It starts as the product's default list and is stored in full, so a release that changes the default never changes it.",
  })
  // Each code is read by policy-core (errors at `consent.regions[i]`); here only the list's shape and size.
  @ArrayMaxSize(REGIONS.length, { message: `$property must list at most ${REGIONS.length} regions (one per region)` })
  @IsArray({ message: '$property must be a list of region codes' })
  regions: readonly string[];

  @ApiProperty({
    enum: UNKNOWN_REGION_TREATMENTS,
    description: 'CNS-2: a call whose region is unknown needs consent (strict) or not (lenient)',
  })
  @IsIn(UNKNOWN_REGION_TREATMENTS, oneOf(UNKNOWN_REGION_TREATMENTS))
  unknownRegion: UnknownRegionTreatment;
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
  @OptionalNestedObject(ConsentSettingsDto, {
    description:
      'CNS-2..4, complete when sent. Omitted (a client older than consent settings): the stored consent settings stay as they are, ' +
      'so replacing the rest never switches consent off.',
  })
  consent?: ConsentSettingsDto;

  @ApiPropertyOptional({
    description: 'GLB-5: must be true to switch from on-answer to on-connect (the console\'s "Switch to On Call Connected")',
  })
  @IsOptional()
  @IsBoolean()
  confirmSwitchToOnConnect?: boolean;
}

export class RecordingSettingsDto extends RecordingSettingsBodyDto {
  @ApiProperty({ type: ConsentSettingsDto, description: "CNS-2..4: consent by the customer's location" })
  consent: ConsentSettingsDto;

  @ApiProperty({ description: 'Send it back as If-Match to change the settings (also sent as ETag)' })
  revision: number;
}

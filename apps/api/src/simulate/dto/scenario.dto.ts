import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CallDocDto, CallEventDocDto } from '../../common/dto/call.dto.js';

/* OpenAPI documentation only, as the call and its events: policy-core reads scenarios (`parseScenario`). */

/** A settings change during a call (scenario-format.md `settingsChanges`). */
export class SettingsChangeDocDto {
  @ApiProperty({ minimum: 1, description: 'The index of the first event the new settings decide', example: 4 })
  beforeEvent: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Complete recording settings, as `settings`' })
  settings: Record<string, unknown>;
}

/** A scenario of scenario-format.md, documented loosely: policy-core validates it. */
export class ScenarioDocDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Complete recording settings (trigger, connectMode, transfer, queueDefault, individualDefault, queues, employees, exclusions, ' +
      'consent: { mode, regions, unknownRegion }); ' +
      "omitted fields take their GLB-1 values. Omit `settings` to replay against the account's live settings.",
  })
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [SettingsChangeDocDto],
    description: 'HIS-2: settings saved during the call: from event `beforeEvent` on, those settings decide. Needs `settings`.',
  })
  settingsChanges?: SettingsChangeDocDto[];

  @ApiProperty({ type: CallDocDto })
  call: CallDocDto;

  @ApiProperty({ type: [CallEventDocDto], description: 'The events in order; the first is `connected`; may be empty' })
  events: CallEventDocDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "Where the scenario came from (a kept call's evidence: the account, the call, received times, live versions); ignored by the replay",
  })
  meta?: Record<string, unknown>;
}

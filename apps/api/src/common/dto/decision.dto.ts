import { RECORDING_STATES, type Recording, RULE_IDS, type RuleId } from '@ccp/policy-core';
import { ApiProperty } from '@nestjs/swagger';
import { CallEventDocDto } from './call.dto.js';

/** What the agent may do with the recording now. */
export class ControlsDto {
  @ApiProperty()
  start: boolean;

  @ApiProperty()
  stop: boolean;

  @ApiProperty()
  pause: boolean;

  @ApiProperty()
  resume: boolean;
}

/** A decision, as a replay step of scenario-format.md shows it (without the event). */
export class DecisionDto {
  @ApiProperty({ enum: RECORDING_STATES })
  recording: Recording;

  @ApiProperty({ type: ControlsDto })
  controls: ControlsDto;

  @ApiProperty({ description: 'Whether the record button shows the announcement tooltip (ANN-1)' })
  prompt: boolean;

  @ApiProperty({ description: 'Whether PAY-1 can pause this call automatically; false is the PAY-2 warning' })
  autoPause: boolean;

  @ApiProperty({
    enum: RULE_IDS,
    isArray: true,
    description: 'The rules that decided this, most decisive first',
    example: ['GLB-2', 'QUE-6', 'QUE-1', 'MOD-2', 'ANN-1'],
  })
  rules: readonly RuleId[];

  @ApiProperty({
    enum: RULE_IDS,
    nullable: true,
    type: String,
    description: 'For an agent action the engine refused, the rule that forbids it (the state is unchanged)',
  })
  rejected: RuleId | null;
}

/** One step of a replay: the event (normalized: numbers in E.164) and the decision after it. */
export class StepDto extends DecisionDto {
  @ApiProperty({ type: CallEventDocDto })
  event: CallEventDocDto;
}

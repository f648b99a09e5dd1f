import {
  CONSENT_BASES,
  CONSENT_STATUSES,
  type ConsentBasis,
  type ConsentStatus,
  RECORDING_STATES,
  type Recording,
  RULE_IDS,
  type RuleId,
} from '@ccp/policy-core';
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

/** Where a call stands on its customer's consent (CNS-1..5): the `consent` object of scenario-format.md. */
export class ConsentDto {
  @ApiProperty({ type: String, nullable: true, example: 'CA', description: "The customer's region (CNS-1), null when unknown" })
  region: string | null;

  @ApiProperty({
    enum: CONSENT_BASES,
    description: "Where the region came from: the call's `customerRegion` (account), the customer number's area code, or unknown",
  })
  basis: ConsentBasis;

  @ApiProperty({ description: 'The telephony side plays the recording notice to the customer (consent needed under announce or require)' })
  announce: boolean;

  @ApiProperty({
    enum: CONSENT_STATUSES,
    description:
      'not-needed; implied (CNS-3: staying on the line); pending (CNS-4: nothing records until consent); given; refused (CNS-5, any mode)',
  })
  status: ConsentStatus;
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

  @ApiProperty({ type: ConsentDto })
  consent: ConsentDto;
}

/** One step of a replay: the event (normalized: numbers in E.164) and the decision after it. */
export class StepDto extends DecisionDto {
  @ApiProperty({ type: CallEventDocDto })
  event: CallEventDocDto;
}

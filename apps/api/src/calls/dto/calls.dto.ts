import { ApiProperty } from '@nestjs/swagger';
import { IsObject, Matches } from 'class-validator';
import { CallDocDto, CallEventDocDto } from '../../common/dto/call.dto.js';
import { DecisionDto, StepDto } from '../../common/dto/decision.dto.js';

/** The telephony side's id of a call: unique per account among calls not yet expired. */
export const CALL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

const CALL_ID_PROPERTY = {
  pattern: CALL_ID_PATTERN.source,
  minLength: 1,
  maxLength: 128,
  example: 'pbx-eu1:8f14e45f.0042',
  description: "The telephony side's id of the call: 1 to 128 of A-Z a-z 0-9 . _ : -",
};

export class StartCallDto {
  @ApiProperty(CALL_ID_PROPERTY)
  @Matches(CALL_ID_PATTERN, { message: 'callId must be a string of 1 to 128 characters, each a letter, a digit or one of . _ : -' })
  callId: string;

  // Read by policy-core's validateCall (errors at `call.kind`, `call.customer`, …), not here.
  @ApiProperty({ type: CallDocDto, example: { kind: 'queue', customer: '+13105550142', queue: 'billing', linkedAccount: true } })
  @IsObject({ message: 'call must be an object (kind, customer, queue or employee, keypad, linkedAccount, customerRegion)' })
  call: Record<string, unknown>;
}

/** Documentation of `{ event }`: its shape is checked by `readEventBody` (the hot path), the event by policy-core's validateEvent. */
export class CallEventBodyDto {
  @ApiProperty({ type: CallEventDocDto, example: { type: 'answered', employee: 'alice' } })
  event: Record<string, unknown>;
}

/** A call's current decision (after `POST /calls`, or `GET /calls/{callId}`). */
export class CallDecisionDto extends DecisionDto {
  @ApiProperty(CALL_ID_PROPERTY)
  callId: string;

  @ApiProperty({ description: 'The version of the settings the last decision was made under', example: 'sha256:3f0c…' })
  settingsVersion: string;
}

/** The decision after one event: a replay step of scenario-format.md, with the settings version it was decided under. */
export class CallStepDto extends StepDto {
  @ApiProperty({ description: "The version of the account's live settings this event was decided under", example: 'sha256:3f0c…' })
  settingsVersion: string;
}

import { CALL_OUTCOMES, type CallOutcome, CONSENT_STATUSES, type ConsentStatus, RULE_IDS } from '@ccp/policy-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CallStepDto } from '../../calls/dto/calls.dto.js';
import { CallDocDto } from '../../common/dto/call.dto.js';
import { PageLimit } from '../../common/dto/page-limit.js';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** `GET /calls` (HIS-3): every filter optional, combined with "and". */
export class CallSearchQueryDto {
  @ApiPropertyOptional({
    description: 'The customer number in any form EXC-1 accepts (`(415) 555-0100`, `+1 415 555 0100`, …), or an area code (`415`, `415*`)',
    example: '415-555-0100',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  number?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Calls started at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date or a date and time (ISO 8601)' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Calls started before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date or a date and time (ISO 8601)' })
  to?: string;

  @ApiPropertyOptional({ description: 'Calls that were in this queue (its id) at any point', example: 'billing' })
  @IsOptional()
  @Matches(ID, { message: 'queue must be a queue id' })
  queue?: string;

  @ApiPropertyOptional({ description: 'Calls this employee (their id) placed, answered or was transferred', example: 'alice' })
  @IsOptional()
  @Matches(ID, { message: 'employee must be an employee id' })
  employee?: string;

  @ApiPropertyOptional({ enum: CALL_OUTCOMES })
  @IsOptional()
  @IsIn(CALL_OUTCOMES, { message: `outcome must be one of ${CALL_OUTCOMES.join(', ')}` })
  outcome?: CallOutcome;

  @ApiPropertyOptional({ enum: RULE_IDS, description: 'Calls with a step this rule decided', example: 'EXC-2' })
  @IsOptional()
  @IsIn(RULE_IDS, { message: 'rule must be a rule ID of the catalogue (e.g. EXC-2)' })
  rule?: string;

  @ApiPropertyOptional({
    enum: CONSENT_STATUSES,
    description: 'Calls whose consent status (CNS) was this when they closed; `not-needed` includes calls kept before consent existed',
  })
  @IsOptional()
  @IsIn(CONSENT_STATUSES, { message: `consent must be one of ${CONSENT_STATUSES.join(', ')}` })
  consent?: ConsentStatus;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: '`csv`: every matching call as a CSV file, streamed' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

/** Where a call stood on its customer's consent (CNS) when it closed, or stands now while it is live. */
export class CallConsentDto {
  @ApiProperty({
    enum: CONSENT_STATUSES,
    description:
      "The last step's `consent.status`: a call that ended while consent was pending never consented (`pending`); calls kept before consent existed are `not-needed`",
  })
  status: ConsentStatus;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'CA',
    description: "The customer's region (CNS-1) as the last step named it; null when unknown or kept before consent existed",
  })
  region: string | null;
}

/** A kept call in the list (`GET /calls`). */
export class CallSummaryDto {
  @ApiProperty({ example: 'pbx-eu1:8f14e45f.0042' })
  callId: string;

  @ApiProperty({ type: CallDocDto })
  call: CallDocDto;

  @ApiProperty({ enum: ['live', 'ended', 'expired'], description: '`expired`: the session expired without `ended`' })
  status: 'live' | 'ended' | 'expired';

  @ApiProperty({ format: 'date-time', description: 'When the api received `POST /calls`' })
  startedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When `ended` was received, or the session expired' })
  endedAt: string | null;

  @ApiProperty({
    enum: CALL_OUTCOMES,
    description: '`not-recorded`: never on; `recorded`: once on, on or paused to the end; `partly`: off again before the end',
  })
  outcome: CallOutcome;

  @ApiProperty({ enum: RULE_IDS, isArray: true, description: 'Every rule that decided a step, in order of first appearance' })
  rules: string[];

  @ApiProperty({ type: CallConsentDto })
  consent: CallConsentDto;
}

export class CallPageDto {
  @ApiProperty({ type: [CallSummaryDto] })
  items: CallSummaryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Send as `cursor` for the next page; null: no more' })
  nextCursor: string | null;
}

/** One accepted event of a kept call: when it arrived, and the step exactly as the API answered it. */
export class HistoryStepDto extends CallStepDto {
  @ApiProperty({ format: 'date-time', description: 'When the API received the event' })
  receivedAt: string;
}

/** HIS-4: a legal hold keeps the call whatever the retention. */
export class CallHoldDto {
  @ApiProperty({ example: 'Litigation 2026-114' })
  reason: string;

  @ApiProperty({ description: 'Who placed it', example: 'admin@demo.test' })
  by: string;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** `GET /calls/{callId}` for people with View Call History: the whole record. */
export class CallRecordDto extends CallSummaryDto {
  @ApiProperty({ type: CallHoldDto, nullable: true })
  hold: CallHoldDto | null;

  @ApiProperty({ type: [HistoryStepDto] })
  steps: HistoryStepDto[];
}

export class HoldBodyDto {
  @ApiProperty({ description: 'Why the call must be kept (a case, a request)', example: 'Litigation 2026-114' })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why the call is held' })
  @MaxLength(500)
  reason: string;
}

export class ErasureBodyDto {
  @ApiProperty({ description: 'The customer number, in any form EXC-1 accepts', example: '(415) 555-0100' })
  @IsString()
  @MaxLength(40)
  number: string;
}

export class ErasureDto {
  @ApiProperty({ description: 'How many kept calls of the number were erased' })
  erased: number;

  @ApiProperty({ description: 'Calls of the number under a legal hold: kept until released (HIS-4 before HIS-5)' })
  keptUnderHold: number;
}

export class HistorySettingsDto {
  @ApiProperty({ minimum: 1, maximum: 3650, example: 400, description: 'Kept calls are deleted this many days after they started (HIS-4)' })
  retentionDays: number;

  @ApiProperty({ description: 'Send as `If-Match` to change it' })
  revision: number;
}

export class HistorySettingsBodyDto {
  @ApiProperty({ minimum: 1, maximum: 3650, example: 400 })
  @IsInt({ message: 'retentionDays must be a whole number of days' })
  @Min(1)
  @Max(3650)
  retentionDays: number;
}

export class CallsPerDayQueryDto {
  @ApiProperty({ format: 'date', example: '2026-11-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a date (ISO 8601)' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-12-01', description: 'Exclusive' })
  @IsISO8601({ strict: true }, { message: 'to must be a date (ISO 8601)' })
  to: string;
}

export class CallsOnDayDto {
  @ApiProperty({ format: 'date', example: '2026-11-03' })
  day: string;

  @ApiProperty()
  recorded: number;

  @ApiProperty()
  partly: number;

  @ApiProperty()
  notRecorded: number;
}

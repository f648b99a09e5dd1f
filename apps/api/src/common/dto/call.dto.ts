import { AGENT_ACTIONS, CALL_EVENT_TYPES, CALL_KINDS } from '@ccp/policy-core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * OpenAPI documentation only. Scenarios, calls and events are read by policy-core (`parseScenario`,
 * `validateCall`, `validateEvent`), not by class-validator: one reader for the console, the API, the
 * command line and the specs, so they can never disagree on what is valid (scenario-format.md).
 */

/** A call of scenario-format.md. */
export class CallDocDto {
  @ApiProperty({ enum: CALL_KINDS, example: 'queue' })
  kind: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+13105550142',
    description: "The other party's number, in any form EXC-1 accepts; null or absent when withheld",
  })
  customer?: string | null;

  @ApiPropertyOptional({ description: 'The queue a `queue` call arrives in (its id); only queue calls have one', example: 'billing' })
  queue?: string;

  @ApiPropertyOptional({
    description: 'The employee whose direct line is called (`direct`) or who places the call (`outbound`, `click-to-call`)',
    example: 'alice',
  })
  employee?: string;

  @ApiPropertyOptional({ description: 'Outbound calls only: dialled on the keypad (IND-2; no linked account by default)' })
  keypad?: boolean;

  @ApiPropertyOptional({
    description: 'Linked to a customer account (PAY-1 needs it). Default: false for direct and keypad calls, true otherwise',
  })
  linkedAccount?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'CA',
    description:
      "CNS-1: the customer's region from the linked customer account's address, a code of `GET /consent/regions` (any case). " +
      "It wins over the customer number's area code; null or absent when there is none",
  })
  customerRegion?: string | null;
}

/** An event of a call: `type`, and the one field its type needs. */
export class CallEventDocDto {
  @ApiProperty({ enum: CALL_EVENT_TYPES, example: 'answered' })
  type: string;

  @ApiPropertyOptional({ description: '`redirected`: the queue the call moves to' })
  queue?: string;

  @ApiPropertyOptional({ description: '`answered`: who picks the call up', example: 'alice' })
  employee?: string;

  @ApiPropertyOptional({ description: '`transferred`: the destination queue (exactly one of toQueue, toEmployee)' })
  toQueue?: string;

  @ApiPropertyOptional({ description: '`transferred`: the destination employee' })
  toEmployee?: string;

  @ApiPropertyOptional({ description: '`forwarded`: the external number (any form EXC-1 accepts; answered in E.164)' })
  number?: string;

  @ApiPropertyOptional({ enum: AGENT_ACTIONS, description: '`agent`: what the agent asks of the recording' })
  action?: string;

  @ApiPropertyOptional({ description: '`payment-screen`: opened (true) or closed (false)' })
  open?: boolean;

  @ApiPropertyOptional({
    description:
      '`consent`: the customer consents to the recording (true: CNS-4 lets a pending call record), or refuses or withdraws consent ' +
      '(false: CNS-5 stops any recording for the rest of the call, in every consent mode)',
  })
  given?: boolean;
}

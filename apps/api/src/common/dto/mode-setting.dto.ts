import { ANNOUNCEMENTS, type Announcement, MODES, type Mode } from '@ccp/policy-core';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** class-validator's message for a value outside `values`. */
export const oneOf = (values: readonly string[]) => ({ message: `$property must be one of ${values.join(', ')}` });

/** A mode and its announcement (MOD-1..4, ANN-1..2): the queue default, a queue's custom settings, one direction of an employee's. */
export class ModeSettingDto {
  @ApiProperty({ enum: MODES, description: 'MOD-1 always, MOD-2 automatic, MOD-3 manual, MOD-4 never' })
  @IsIn(MODES, oneOf(MODES))
  mode: Mode;

  @ApiProperty({ enum: ANNOUNCEMENTS, description: 'ANN-1 prompt the agent, ANN-2 never announce' })
  @IsIn(ANNOUNCEMENTS, oneOf(ANNOUNCEMENTS))
  announcement: Announcement;
}

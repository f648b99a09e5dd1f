import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';

/** Trims a string body field (names), before it is checked. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The id calls name a queue or an employee by: lower case, as the telephony side sends it. */
export const SCOPE_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** Validation of a queue or employee id in a body. */
export function IsScopeId(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(SCOPE_ID, {
      message: '$property must be 1 to 100 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
    }),
  );
}

/** `?custom=true|false` of the lists (QUE-5, IND-4). */
export class CustomFilterQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only those with custom settings (what the defaults screen lists, QUE-5/IND-4); false: only those following the default',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'custom must be true or false' })
  custom?: boolean;
}

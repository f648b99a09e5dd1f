import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { decodeCursor, SEARCH } from '../exclusion-query.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?cursor=` and `?q=` sent empty mean "not given" (a form that submits every field). */
const emptyAsAbsent = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export class ExclusionQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (opaque); omit it for the first page' })
  @IsOptional()
  @Transform(emptyAsAbsent)
  @ValidateBy({
    name: 'isExclusionCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== undefined,
      defaultMessage: () => 'cursor must be the nextCursor of a previous page',
    },
  })
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Entries per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    example: '(415) 55',
    description:
      'Search by digits, typed in any format: everything but the digits is ignored (`415`, `(415) 55`, `415*`, `+1 415` all work). ' +
      'An entry matches when its digits contain them: `415` finds +14155550100, +16504155555 and the area code 415*; ' +
      '`41555` finds +14155550100 but not the area code; a leading `1` matches the country code of numbers. ' +
      'Results keep the order of the list and page with `cursor` like the whole list; ' +
      'a search reads the list in order until its page is full, so a rare term on a very large list takes longer.',
  })
  @IsOptional()
  @Transform(emptyAsAbsent)
  @Matches(SEARCH, { message: 'q must be the digits of a number or area code, e.g. 415, (415) 55 or 415*' })
  q?: string;
}

export class AddExclusionDto {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '(415) 555-0100',
    description:
      'EXC-1: a North American number or a 3-digit area code, as people type it or a spreadsheet holds it: ' +
      '`(415) 555-0100`, `415.555.0100`, `14155550100`, `+1 415 555 0100`, the number 4155550100, `415`, `415*`',
  })
  @IsDefined({ message: 'entry is required: a phone number or a 3-digit area code' })
  entry: string | number;
}

export class ExclusionDto {
  @ApiProperty({ example: '+14155550100', description: 'Normalized: E.164, or the 3-digit area code' })
  entry: string;

  @ApiProperty({ enum: ['number', 'area-code'] })
  kind: 'number' | 'area-code';

  @ApiProperty({ example: '(415) 555-0100', description: 'How the console shows it; area codes with `*` (EXC-1)' })
  display: string;

  @ApiProperty({ format: 'date-time' })
  addedAt: string;

  @ApiProperty({ example: 'admin@demo.test', description: 'Who added it: a person\'s email, or "demo seed"' })
  addedBy: string;
}

export class AddedExclusionDto extends ExclusionDto {
  @ApiProperty({ description: 'EXC-6: true when the entry was listed already (nothing changed, 200); false when added (201)' })
  alreadyPresent: boolean;
}

export class ExclusionPageDto {
  @ApiProperty({ type: [ExclusionDto], description: 'Ordered by `entry`: numbers first, then area codes' })
  items: ExclusionDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

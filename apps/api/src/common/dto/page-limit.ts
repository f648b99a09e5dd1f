import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=`: 1 to 200 rows a page, 50 unless asked. */
export function PageLimit(): PropertyDecorator {
  // In the order the stacked decorators ran before (bottom first): class-validator lists its messages in it.
  return applyDecorators(
    Max(200),
    Min(1),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }),
  );
}

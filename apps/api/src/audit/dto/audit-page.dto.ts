import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PageLimit } from '../../common/dto/page-limit.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'Only entries whose action starts with this, e.g. `exclusion.`' })
  @IsOptional()
  @IsString()
  action?: string;
}

export class AuditEntryDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'The user or API key that made the change' })
  actorId: string;

  @ApiProperty({ example: 'admin@demo.test' })
  actorName: string;

  @ApiProperty({ example: 'recording-settings.updated' })
  action: string;

  @ApiProperty({ nullable: true, type: String })
  target: string | null;

  @ApiProperty({ nullable: true, description: 'The value before the change' })
  before: unknown;

  @ApiProperty({ nullable: true, description: 'The value after the change' })
  after: unknown;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next (older) page; null on the last page' })
  nextCursor: string | null;
}

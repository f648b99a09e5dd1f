import { EXPORT_STATUSES, type ExportStatus } from '@ccp/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=` of `GET /exclusions/export`. */
export class ExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS, description: 'The file format: `csv` (UTF-8, comma separated) or `xlsx` (one sheet)' })
  @ValidateBy({
    name: 'isExportFormat',
    validator: {
      validate: (value: unknown) => (EXPORT_FORMATS as readonly unknown[]).includes(value),
      defaultMessage: (args) => (args?.value === undefined ? 'format is required: csv or xlsx' : 'format must be csv or xlsx'),
    },
  })
  format: ExportFormat;
}

export class ExportCreatedDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it at `GET /exclusions/exports/{exportId}` (also the `Location` header)' })
  exportId: string;
}

export class ExclusionExportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format: ExportFormat;

  @ApiProperty({
    enum: EXPORT_STATUSES,
    description:
      '`queued` (waiting for a worker), `running`, `done` (download it at `GET /exclusions/exports/{id}/file`), or `failed` (`error` says why; ask for a new export)',
  })
  status: ExportStatus;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Entries in the file, once done; null before' })
  rows: number | null;

  @ApiPropertyOptional({ description: 'Why the export failed (only when `status` is `failed`)' })
  error?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was done or failed; null before' })
  finishedAt: string | null;
}

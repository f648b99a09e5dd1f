import { REJECTED_ROWS_SHOWN } from '@ccp/imports';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { decodeUploadCursor } from '../upload-cursor.js';

export const UPLOAD_MODES = ['add', 'replace'] as const;
export type UploadMode = (typeof UPLOAD_MODES)[number];

export const DEFAULT_UPLOADS_PAGE_SIZE = 20;
export const MAX_UPLOADS_PAGE_SIZE = 100;

/** The text fields of `POST /exclusions/uploads` (multipart); the file itself is the `file` part. */
export class UploadFormDto {
  @ValidateBy({
    name: 'isUploadMode',
    validator: {
      validate: (value: unknown) => (UPLOAD_MODES as readonly unknown[]).includes(value),
      defaultMessage: (args) =>
        args?.value === undefined
          ? 'mode is required: add (to the list) or replace (the list)'
          : 'mode must be add (to the list) or replace (the list)',
    },
  })
  mode: UploadMode;
}

/** The multipart body, for the OpenAPI document. */
export const UPLOAD_FORM_SCHEMA = {
  type: 'object',
  required: ['file', 'mode'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description:
        "A CSV or XLSX file, one number or area code per row (a header row is optional); told apart by content, not name. A leading `'` (a spreadsheet's text mark, as the export writes it) is not part of a cell",
    },
    mode: {
      type: 'string',
      enum: [...UPLOAD_MODES],
      description: '`add`: the valid rows join the list. `replace`: they become the whole list, swapped in at once (EXC-8)',
    },
  },
};

export class UploadCreatedDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it at `GET /exclusions/uploads/{uploadId}` (also the `Location` header)' })
  uploadId: string;
}

export class RejectedRowDto {
  @ApiProperty({ example: 1204, description: 'The row number in the file, as a spreadsheet program shows it (1 is the first row)' })
  row: number;

  @ApiProperty({ example: '555-01', description: 'The value of the row, as read' })
  value: string;

  @ApiProperty({ example: '"555-01" is not a phone number' })
  reason: string;
}

export class UploadSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'do-not-record.csv' })
  fileName: string;

  @ApiProperty({ enum: UPLOAD_MODES })
  mode: UploadMode;

  @ApiProperty({
    enum: ['queued', 'running', 'done', 'failed'],
    description: '`queued` (stored, waiting for a worker), `running`, `done`, or `failed` (the list is unchanged; `error` says why)',
  })
  status: 'queued' | 'running' | 'done' | 'failed';

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.42, description: 'Share of the rows read so far (EXC-10)' })
  progress: number;

  @ApiProperty({ description: 'Entries added to the list (`add`), or that make up the new list (`replace`)' })
  imported: number;

  @ApiProperty({ description: 'Rows whose entry was in the file already or on the list already, each counted once' })
  duplicates: number;

  @ApiProperty({ description: 'Rows that are not valid entries (not imported)' })
  rejectedCount: number;

  @ApiPropertyOptional({ description: 'Why the upload failed (only when `status` is `failed`); the list was left as it was' })
  error?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ example: 'admin@demo.test', description: 'The email of the person who uploaded it' })
  createdBy: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was done or failed; null before' })
  finishedAt: string | null;
}

export class UploadDto extends UploadSummaryDto {
  @ApiProperty({
    type: [RejectedRowDto],
    description: `The first ${REJECTED_ROWS_SHOWN} rejected rows, in file order; \`rejectedCount\` counts them all, \`GET /exclusions/uploads/{id}/rejected.csv\` downloads them`,
  })
  rejected: RejectedRowDto[];
}

export class UploadPageDto {
  @ApiProperty({ type: [UploadSummaryDto], description: 'Newest first' })
  items: UploadSummaryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class UploadQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (opaque); omit it for the first page' })
  @IsOptional()
  @ValidateBy({
    name: 'isUploadCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeUploadCursor(value) !== undefined,
      defaultMessage: () => 'cursor must be the nextCursor of a previous page',
    },
  })
  cursor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_UPLOADS_PAGE_SIZE,
    default: DEFAULT_UPLOADS_PAGE_SIZE,
    description: 'Uploads per page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_UPLOADS_PAGE_SIZE)
  limit?: number;
}

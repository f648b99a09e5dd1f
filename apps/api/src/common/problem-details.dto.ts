import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field of the request that is not valid. */
export class FieldErrorDto {
  @ApiProperty({ example: 'inbound.mode', description: 'Dotted path into the request body' })
  path: string;

  @ApiProperty({ example: 'mode must be one of always, automatic, manual, never' })
  message: string;

  @ApiPropertyOptional({ example: 'EXC-1', description: 'The rule of recording-rules.md the value breaks, when one does' })
  rule?: string;
}

/**
 * The RFC 9457 body every error answers with (`application/problem+json`), as `ProblemDetailsFilter`
 * writes it: for the OpenAPI document only.
 */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://ccp.example/problems/not-found' })
  type: string;

  @ApiProperty({ example: 'Not found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiProperty({ example: 'Queue "sales" was not found' })
  detail: string;

  @ApiPropertyOptional({ example: 'GLB-5', description: 'The recording rule that forbids the request' })
  rule?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'On 422: one entry per field that is not valid' })
  errors?: FieldErrorDto[];

  @ApiProperty({ description: 'Also sent as X-Request-Id; quote it when reporting a problem' })
  requestId: string;
}

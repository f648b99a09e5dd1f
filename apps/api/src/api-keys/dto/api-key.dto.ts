import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Telephony (production)', description: 'What the key is for; shown in the list' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name: string;
}

/** A key as the list shows it: never the secret. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Telephony (production)' })
  name: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart', example: 'ak_Xq3v9Tb' })
  prefix: string;

  @ApiProperty({ description: 'Who created it', example: 'admin@demo.test' })
  createdBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was revoked; null while it works' })
  revokedAt: string | null;
}

/** The answer to a creation: the only time the key itself is shown. */
export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'ak_Xq3v9Tb' })
  prefix: string;

  @ApiProperty({
    description: 'The key, shown this once (only its hash is stored): send it as "Authorization: Bearer ak_…"',
    example: 'ak_Xq3v9TbR2…',
  })
  key: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ModeSettingDto } from '../../common/dto/mode-setting.dto.js';
import { IsScopeId, trimmed } from '../../common/dto/scope.dto.js';

export class CreateQueueDto {
  @ApiProperty({ example: 'sales', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$', description: 'The id calls name the queue by' })
  @IsScopeId()
  id: string;

  @ApiProperty({ example: 'Sales', maxLength: 255 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;
}

/** A queue with its recording settings (QUE-1, QUE-3). */
export class QueueDto {
  @ApiProperty({ example: 'sales', description: 'The id calls name the queue by' })
  id: string;

  @ApiProperty({ example: 'Sales' })
  name: string;

  @ApiProperty({ type: ModeSettingDto, nullable: true, description: 'QUE-3: its custom settings; null when it follows the queue default' })
  custom: ModeSettingDto | null;

  @ApiProperty({
    type: ModeSettingDto,
    description: 'What calls answered in this queue get: the custom settings, else the queue default now (QUE-1)',
  })
  effective: ModeSettingDto;

  @ApiProperty({ description: 'QUE-1: no custom settings, so a change of the queue default applies to it at once (QUE-2)' })
  followsDefault: boolean;

  @ApiProperty({ type: 'integer', example: 1, description: 'Send it back as If-Match to change the queue (also sent as ETag)' })
  revision: number;
}

export class QueueListDto {
  @ApiProperty({ type: [QueueDto], description: 'Sorted by id' })
  items: QueueDto[];
}

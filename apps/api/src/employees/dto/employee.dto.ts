import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ModeSettingDto } from '../../common/dto/mode-setting.dto.js';
import { NestedObject } from '../../common/dto/nested-object.js';
import { IsScopeId, trimmed } from '../../common/dto/scope.dto.js';

export class CreateEmployeeDto {
  @ApiProperty({ example: 'alice', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$', description: 'The id calls name the employee by' })
  @IsScopeId()
  id: string;

  @ApiProperty({ example: 'Alice Moreno', maxLength: 255 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({
    example: '(415) 555-0100',
    description: 'A North American number in any usual form; stored in E.164. One employee per direct line in an account',
  })
  @IsString()
  directLine: string;
}

/** An employee's inbound and outbound settings (IND-1, IND-2). */
export class EmployeeRecordingDto {
  @NestedObject(ModeSettingDto, 'IND-1: calls to the direct line')
  inbound: ModeSettingDto;

  @NestedObject(ModeSettingDto, 'IND-2: calls the employee makes (keypad and click-to-call included, IND-3)')
  outbound: ModeSettingDto;
}

/** An employee with a direct line and recording settings (IND-1, IND-2, IND-4). */
export class EmployeeDto {
  @ApiProperty({ example: 'alice', description: 'The id calls name the employee by' })
  id: string;

  @ApiProperty({ example: 'Alice Moreno' })
  name: string;

  @ApiProperty({ example: '+14155550100', description: 'E.164' })
  directLine: string;

  @ApiProperty({ example: '(415) 555-0100', description: 'The direct line as people read it' })
  directLineDisplay: string;

  @ApiProperty({
    type: EmployeeRecordingDto,
    nullable: true,
    description: 'Custom settings; null when the employee follows the individual defaults',
  })
  custom: EmployeeRecordingDto | null;

  @ApiProperty({
    type: EmployeeRecordingDto,
    description: "What the employee's calls get: the custom settings, else the individual defaults now",
  })
  effective: EmployeeRecordingDto;

  @ApiProperty({ description: 'No custom settings, so a change of the individual defaults applies at once (IND-4)' })
  followsDefault: boolean;

  @ApiProperty({ type: 'integer', example: 1, description: 'Send it back as If-Match to change the employee (also sent as ETag)' })
  revision: number;
}

export class EmployeeListDto {
  @ApiProperty({ type: [EmployeeDto], description: 'Sorted by id' })
  items: EmployeeDto[];
}

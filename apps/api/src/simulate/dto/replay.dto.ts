import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { StepDto } from '../../common/dto/decision.dto.js';

/** A step of `POST /simulate`'s replay. */
export class ReplayStepDto extends StepDto {
  @ApiPropertyOptional({
    description: 'With `settingsChanges` only: the version of the settings that decided this step',
    example: 'sha256:3f0c…',
  })
  settingsVersion?: string;
}

/** The replay of a scenario (scenario-format.md, Output). */
export class ReplayDto {
  @ApiProperty({ description: 'A stable hash of the normalized settings the call was decided under', example: 'sha256:3f0c…' })
  settingsVersion: string;

  @ApiProperty({ type: [ReplayStepDto] })
  steps: ReplayStepDto[];
}

import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { ReplayDto } from './dto/replay.dto.js';
import { ScenarioDocDto } from './dto/scenario.dto.js';
import { SCENARIO_EXAMPLE } from './dto/scenario-example.js';
import { SimulateService } from './simulate.service.js';

@ApiTags('simulation')
@Controller('simulate')
export class SimulateController {
  constructor(private readonly simulation: SimulateService) {}

  @Post()
  @HttpCode(200)
  @Access('integration')
  @ApiOperation({
    operationId: 'simulateScenario',
    summary: 'Replay a call scenario (scenario-format.md): the decision after every event',
    description:
      'The body is a scenario as `pnpm simulate` reads it; the answer is byte for byte what `pnpm simulate` prints. ' +
      "Without `settings` the call is replayed against the account's live settings. Nothing is stored. " +
      'People and API keys may call it.',
  })
  @ApiBody({
    type: ScenarioDocDto,
    description: 'Validated by policy-core: unknown keys anywhere, unknown queues or employees, bad numbers and impossible events are 422',
    examples: { 'queue-call-transfer-chain': { summary: 'The example of scenario-format.md', value: SCENARIO_EXAMPLE } },
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ type: ReplayDto })
  @ApiProblems(
    [401, 'No token or API key, or a bad one'],
    [403, 'ACC-1 feature not enabled, or ACC-2 missing permission'],
    [422, 'The scenario is not valid: `errors[]` has every problem (`path`, `message`, and `rule` when one applies)'],
  )
  async simulate(@CurrentPrincipal() principal: Principal, @Body() scenario: unknown, @Res() reply: FastifyReply): Promise<void> {
    const replay = await this.simulation.replay(principal, scenario);
    // Byte for byte what `pnpm simulate` prints (packages/cli/src/simulate.ts), so outputs can be diffed.
    reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .send(`${JSON.stringify(replay, null, 2)}\n`);
  }
}

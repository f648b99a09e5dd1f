import { compilePolicy, parseScenario, type Replay, replayScenario } from '@ccp/policy-core';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { InvalidInput } from '../common/invalid-input.js';
import { PolicyRegistry } from '../policies/policy-registry.js';

@Injectable()
export class SimulateService {
  constructor(private readonly policies: PolicyRegistry) {}

  /**
   * Replays a scenario (scenario-format.md) read from untrusted JSON: against its own `settings`
   * (exactly what `replay()` and `pnpm simulate` do), or, without them, against the account's live
   * compiled policy, so a support engineer sees what the account would decide now. Changes nothing.
   */
  async replay(principal: Principal, input: unknown): Promise<Replay> {
    const scenario = parseScenario(input);
    if (!scenario.ok) throw new InvalidInput(scenario.issues);
    const { settings } = scenario.value;
    const policy = settings ? compilePolicy(settings) : await this.policies.get(principal.account.id);
    const outcome = replayScenario(scenario.value, policy);
    if (!outcome.ok) throw new InvalidInput(outcome.issues);
    return outcome.replay;
  }
}

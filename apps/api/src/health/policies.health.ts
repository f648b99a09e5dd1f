import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CallSessionsRepository } from '../calls/call-sessions.repository.js';
import { PolicyRegistry } from '../policies/policy-registry.js';

/** Loading a policy not yet in memory reads its snapshot (a 1,000,000-entry list decodes in ~100 ms). */
const LOAD_TIMEOUT_MS = 3_000;

/**
 * Readiness of the decisions (api.md): the policy of every account with live calls is in memory, or
 * loads now. Held policies need no database, so a replica that has them stays ready through a
 * database outage; one that cannot load an active account's policy would answer 503 to its calls.
 */
@Injectable()
export class PoliciesHealthIndicator {
  constructor(
    private readonly sessions: CallSessionsRepository,
    private readonly policies: PolicyRegistry,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy<const Key extends string>(key: Key) {
    return this.health
      .check(key)
      .attempt(async () => {
        const accounts = await this.sessions.activeAccounts();
        const loads = await Promise.allSettled(accounts.map((accountId) => this.policies.get(accountId)));
        const failed = loads.flatMap((load, i) => (load.status === 'rejected' ? [{ accountId: accounts[i], reason: load.reason }] : []));
        if (failed.length > 0) {
          const first = failed[0] as { accountId: string; reason: Error };
          throw new Error(
            `the policies of ${failed.length} of ${accounts.length} active accounts cannot be loaded (${first.accountId}: ${first.reason.message})`,
          );
        }
        return { activeAccounts: accounts.length };
      })
      .withTimeout(LOAD_TIMEOUT_MS);
  }
}

import { type KeptCall, keptCallFromTrail } from '@ccp/db';
import { callSessionKey, trailId, trailKey } from '@ccp/jobs';
import { isDisconnected, RedisClient } from '@ccp/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { ServiceUnavailable } from '../common/errors.js';

/** A call still in Redis: live, or ended and not yet moved to the database (HIS-1). */
export interface LiveCall {
  readonly live: boolean;
  readonly call: KeptCall;
}

/**
 * Reads the trails the call sessions write (`CallSessionsRepository`), so that `GET /calls/{callId}`
 * answers for a call before the history's writer has moved it to the database.
 */
@Injectable()
export class LiveTrails {
  constructor(@Inject(RedisClient) private readonly redis: RedisClient) {}

  /** The call whose session is in Redis, with its trail; null when there is none (or it has no trail: started before the history). */
  async load(accountId: string, callId: string): Promise<LiveCall | null> {
    if (isDisconnected(this.redis)) throw unavailable();
    try {
      const value = await this.redis.get(callSessionKey(accountId, callId));
      if (value === null) return null;
      const record = JSON.parse(value.slice(value.indexOf('{'))) as { startedAt?: number; session: { phase: string } };
      if (record.startedAt === undefined) return null;
      const entries = await this.redis.lrange(trailKey(accountId, trailId(record.startedAt, callId)), 0, -1);
      if (entries.length === 0) return null;
      return { live: record.session.phase !== 'ended', call: keptCallFromTrail(accountId, entries, { expiredAt: null }) };
    } catch (error) {
      if (error instanceof SyntaxError) return null;
      throw unavailable();
    }
  }
}

function unavailable(): ServiceUnavailable {
  return new ServiceUnavailable('The call session store (Redis) does not answer; try again shortly');
}

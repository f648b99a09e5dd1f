import { randomUUID } from 'node:crypto';
import { INITIAL_SETTINGS } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { type Account, AccountSchema } from './entities/account.entity.js';
import { ExclusionListSchema } from './entities/exclusion.entity.js';
import { RecordingSettingsSchema } from './entities/recording-settings.entity.js';

export interface NewAccount {
  readonly slug: string;
  readonly name: string;
  readonly contactCenterPro: boolean;
  readonly enterpriseHubNetwork: boolean;
}

/**
 * Creates an account with everything an account always has, in one transaction: its recording
 * settings at their GLB-1 values and its (empty) active exclusion list.
 */
export async function createAccount(em: SqlEntityManager, account: NewAccount): Promise<Account> {
  return em.transactional(async (tx) => {
    const created = tx.create(AccountSchema, { id: randomUUID(), ...account });
    const initial = INITIAL_SETTINGS;
    tx.create(RecordingSettingsSchema, {
      account: created,
      trigger: initial.trigger,
      connectMode: initial.connectMode,
      transferToQueue: initial.transfer.toQueue,
      transferToEmployee: initial.transfer.toEmployee,
      queueMode: initial.queueDefault.mode,
      queueAnnouncement: initial.queueDefault.announcement,
      inboundMode: initial.individualDefault.inbound.mode,
      inboundAnnouncement: initial.individualDefault.inbound.announcement,
      outboundMode: initial.individualDefault.outbound.mode,
      outboundAnnouncement: initial.individualDefault.outbound.announcement,
      consentMode: initial.consent.mode,
      consentRegions: [...initial.consent.regions],
      consentUnknownRegion: initial.consent.unknownRegion,
    });
    tx.create(ExclusionListSchema, { id: randomUUID(), account: created, state: 'active' });
    return created;
  });
}

/** The id of the account's active exclusion list (every account has exactly one). */
export async function activeExclusionListId(em: SqlEntityManager, accountId: string): Promise<string> {
  const list = await em.findOneOrFail(ExclusionListSchema, { account: accountId, state: 'active' }, { fields: ['id'] });
  return list.id;
}

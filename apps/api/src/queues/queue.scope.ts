import { type Queue, QueueSchema } from '@ccp/db';
import { effectiveQueueSetting, type ModeSetting } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';
import { Conflict } from '../common/errors.js';
import type { Scope } from '../scoped-settings/scope.js';
import type { CreateQueueDto, QueueDto } from './dto/queue.dto.js';

/**
 * Queues and their recording settings: custom (QUE-3) or following the queue default (QUE-1, QUE-2),
 * reset to it (QUE-4), listed for the defaults screen (QUE-5).
 */
export const QUEUE_SCOPE: Scope<Queue, ModeSetting, QueueDto, CreateQueueDto> = {
  entity: QueueSchema,
  noun: 'Queue',
  action: 'queue',
  customFilter: (custom) => (custom ? { customMode: { $ne: null } } : { customMode: null }),
  // QUE-1: the account's queue default now.
  defaultOf: (settings) => ({ mode: settings.queueMode, announcement: settings.queueAnnouncement }),
  customOf,
  customColumns: (custom) => ({ customMode: custom?.mode ?? null, customAnnouncement: custom?.announcement ?? null }),
  snapshotOf: (row) => ({ id: row.key, name: row.name, custom: customOf(row) }),
  toDto(row, queueDefault) {
    const custom = customOf(row);
    return {
      id: row.key,
      name: row.name,
      custom,
      effective: effectiveQueueSetting(custom, queueDefault).setting,
      followsDefault: custom === null,
      revision: row.revision,
    };
  },
  draft(principal: Principal, body: CreateQueueDto) {
    const exists = () => new Conflict(`Queue "${body.id}" exists already in this account`);
    return {
      key: body.id,
      columns: { name: body.name },
      async checkUnique(em: SqlEntityManager) {
        if ((await em.count(QueueSchema, { account: principal.account.id, key: body.id })) > 0) throw exists();
      },
      async taken() {
        throw exists();
      },
    };
  },
};

function customOf(row: Queue): ModeSetting | null {
  return row.customMode && row.customAnnouncement ? { mode: row.customMode, announcement: row.customAnnouncement } : null;
}

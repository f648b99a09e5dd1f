import type { EmployeeSettings, QueueSettings, Settings } from '@ccp/policy-core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { activeExclusionListId } from './accounts.js';
import { EmployeeSchema } from './entities/employee.entity.js';
import { ExclusionEntrySchema } from './entities/exclusion.entity.js';
import { QueueSchema } from './entities/queue.entity.js';
import { type RecordingSettings, RecordingSettingsSchema } from './entities/recording-settings.entity.js';

/** The account-wide part of `Settings`: what the `recording_settings` row holds (GLB, QUE and IND defaults, TRF, CNS). */
export type GlobalSettings = Pick<Settings, 'trigger' | 'connectMode' | 'transfer' | 'queueDefault' | 'individualDefault' | 'consent'>;

/** The row's columns as policy-core's settings. */
export function globalSettingsOf(row: RecordingSettings): GlobalSettings {
  return {
    trigger: row.trigger,
    connectMode: row.connectMode,
    transfer: { toQueue: row.transferToQueue, toEmployee: row.transferToEmployee },
    queueDefault: { mode: row.queueMode, announcement: row.queueAnnouncement },
    individualDefault: {
      inbound: { mode: row.inboundMode, announcement: row.inboundAnnouncement },
      outbound: { mode: row.outboundMode, announcement: row.outboundAnnouncement },
    },
    consent: { mode: row.consentMode, regions: row.consentRegions, unknownRegion: row.consentUnknownRegion },
  };
}

/** The settings as the row's columns: what a settings write assigns. */
export function globalSettingsColumns(settings: GlobalSettings) {
  return {
    trigger: settings.trigger,
    connectMode: settings.connectMode,
    transferToQueue: settings.transfer.toQueue,
    transferToEmployee: settings.transfer.toEmployee,
    queueMode: settings.queueDefault.mode,
    queueAnnouncement: settings.queueDefault.announcement,
    inboundMode: settings.individualDefault.inbound.mode,
    inboundAnnouncement: settings.individualDefault.inbound.announcement,
    outboundMode: settings.individualDefault.outbound.mode,
    outboundAnnouncement: settings.individualDefault.outbound.announcement,
    consentMode: settings.consent.mode,
    consentRegions: [...settings.consent.regions],
    consentUnknownRegion: settings.consent.unknownRegion,
  } satisfies Partial<RecordingSettings>;
}

/**
 * Reads one account's complete settings, as policy-core's normalized `Settings`, for compiling its
 * policy (without the exclusion list when `read.exclusions` is false: it comes from elsewhere).
 * Everything stored is already normalized, so nothing is parsed again. The exclusion list is read as
 * raw rows (no entities): a million entries stay under a second.
 */
export async function loadPolicySettings(em: SqlEntityManager, accountId: string, read: { exclusions?: boolean } = {}): Promise<Settings> {
  const row = await em.findOneOrFail(RecordingSettingsSchema, { account: accountId });
  const queues = await em.find(QueueSchema, { account: accountId }, { orderBy: { key: 'asc' } });
  const employees = await em.find(EmployeeSchema, { account: accountId }, { orderBy: { key: 'asc' } });
  const entries = read.exclusions === false ? [] : await exclusionEntries(em, accountId);
  return {
    ...globalSettingsOf(row),
    queues: queues.map(
      (queue): QueueSettings =>
        queue.customMode && queue.customAnnouncement
          ? { id: queue.key, custom: { mode: queue.customMode, announcement: queue.customAnnouncement } }
          : { id: queue.key },
    ),
    employees: employees.map((employee): EmployeeSettings => {
      const { inboundMode, inboundAnnouncement, outboundMode, outboundAnnouncement } = employee;
      return inboundMode && inboundAnnouncement && outboundMode && outboundAnnouncement
        ? {
            id: employee.key,
            directLine: employee.directLine,
            custom: {
              inbound: { mode: inboundMode, announcement: inboundAnnouncement },
              outbound: { mode: outboundMode, announcement: outboundAnnouncement },
            },
          }
        : { id: employee.key, directLine: employee.directLine };
    }),
    exclusions: entries.map((row) => row.entry),
  };
}

async function exclusionEntries(em: SqlEntityManager, accountId: string): Promise<Array<{ entry: string }>> {
  const listId = await activeExclusionListId(em, accountId);
  return em.createQueryBuilder(ExclusionEntrySchema).select('entry').where({ accountId, list: listId }).execute('all', false);
}

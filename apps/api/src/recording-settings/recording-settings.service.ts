import { bumpPolicyRevision, globalSettingsColumns, globalSettingsOf, type RecordingSettings, RecordingSettingsSchema } from '@ccp/db';
import { onConnectSwitchIssue } from '@ccp/policy-core';
import { OptimisticLockError } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../audit/audit.writer.js';
import type { Principal } from '../auth/principal.js';
import { RuleViolation, VersionConflict } from '../common/errors.js';
import { Database } from '../database/database.js';
import { PolicyRegistry } from '../policies/policy-registry.js';
import type { RecordingSettingsDto, UpdateRecordingSettingsDto } from './dto/recording-settings.dto.js';
import { checkSettings } from './settings-check.js';

@Injectable()
export class RecordingSettingsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditWriter,
    private readonly policies: PolicyRegistry,
  ) {}

  async get(principal: Principal): Promise<RecordingSettingsDto> {
    return toDto(await this.database.em().findOneOrFail(RecordingSettingsSchema, { account: principal.account.id }));
  }

  /**
   * Replaces the settings if `expectedRevision` is still current (412 otherwise: nobody's edit is
   * silently overwritten), with its audit row in the same transaction (ACC-4).
   */
  async update(principal: Principal, expectedRevision: number, body: UpdateRecordingSettingsDto): Promise<RecordingSettingsDto> {
    const { confirmSwitchToOnConnect, consent, ...global } = body;
    const settings = checkSettings(consent === undefined ? global : { ...global, consent });
    const updated = await this.database
      .transaction(async (em) => {
        const row = await em.findOneOrFail(RecordingSettingsSchema, { account: principal.account.id });
        if (row.revision !== expectedRevision) throw new VersionConflict(String(expectedRevision), String(row.revision));
        const refused = onConnectSwitchIssue(row.trigger, settings.trigger, confirmSwitchToOnConnect);
        if (refused) throw new RuleViolation(refused.rule ?? 'GLB-5', refused.message);
        const before = globalSettingsOf(row);
        // No `consent` in the body: a client older than consent settings, which must not switch consent off
        // or reset the all-party list it never saw (OpenAPI says so). The rest is replaced in full.
        em.assign(row, globalSettingsColumns(consent === undefined ? { ...settings, consent: before.consent } : settings));
        const after = globalSettingsOf(row);
        if (JSON.stringify(before) === JSON.stringify(after)) return row;
        this.audit.record(em, principal, { action: 'recording-settings.updated', before, after });
        await bumpPolicyRevision(em, principal.account.id);
        await em.flush();
        return row;
      })
      .catch((error: unknown) => {
        // Another admin saved between our read and our write: their change stands (412).
        if (error instanceof OptimisticLockError) throw new VersionConflict(String(expectedRevision), 'newer');
        throw error;
      });
    await this.policies.refresh(principal.account);
    return toDto(updated);
  }
}

function toDto(row: RecordingSettings): RecordingSettingsDto {
  return { ...globalSettingsOf(row), revision: row.revision };
}

import type { RecordingSettings } from '@ccp/db';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Principal } from '../auth/principal.js';

/** What every scope's row has: the id calls name it by (`key`), a name, and a revision for If-Match. */
export interface ScopeRow {
  readonly key: string;
  readonly name: string;
  readonly revision: number;
}

/** A new scope, checked and ready to insert. */
export interface ScopeDraft<Row> {
  readonly key: string;
  /** The row's columns: no custom settings, so it follows the default. */
  readonly columns: Partial<Row>;
  /** Throws `Conflict` when the id (or anything else unique to it) is taken in the account. */
  checkUnique(em: SqlEntityManager): Promise<void>;
  /** The insert broke a unique constraint: another request took it after the check. Throws the `Conflict` saying what. */
  taken(em: SqlEntityManager, error: unknown): Promise<never>;
}

/**
 * A kind of scope whose calls have custom settings, or follow the account's default for it: queues
 * (QUE-1..5) and employees (IND-1, IND-2, IND-4). `ScopedSettingsService` does the rest the same way for each.
 */
export interface Scope<Row extends ScopeRow, Setting, Dto, Create> {
  readonly entity: EntityName<Row>;
  /** In messages: `Queue "sales" was not found`. */
  readonly noun: string;
  /** Audit actions are `<action>.created`, `.deleted`, `.recording-set`, `.recording-reset`. */
  readonly action: string;
  /** The rows with custom settings (`true`) or without (`false`). */
  customFilter(custom: boolean): FilterQuery<Row>;
  /** The account's default for this kind of scope, from its recording settings. */
  defaultOf(settings: RecordingSettings): Setting;
  /** The row's custom settings, or null when it follows the default. */
  customOf(row: Row): Setting | null;
  /** The columns that hold `custom` (null: follow the default). */
  customColumns(custom: Setting | null): Partial<Row>;
  /** What the audit log keeps of the row (ACC-4). */
  snapshotOf(row: Row): object;
  toDto(row: Row, defaultSetting: Setting): Dto;
  /** Checks a create request; throws `ValidationFailed` when it cannot be one. */
  draft(principal: Principal, body: Create): ScopeDraft<Row>;
}

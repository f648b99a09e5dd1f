import { AccountSchema } from './account.entity.js';
import { ApiKeySchema } from './api-key.entity.js';
import { AuditEntrySchema } from './audit-entry.entity.js';
import { EmployeeSchema } from './employee.entity.js';
import { ExclusionEntrySchema, ExclusionListSchema } from './exclusion.entity.js';
import { ExclusionExportSchema } from './exclusion-export.entity.js';
import { HistorySettingsSchema } from './history-settings.entity.js';
import { PolicySnapshotSchema } from './policy-snapshot.entity.js';
import { QueueSchema } from './queue.entity.js';
import { RecordingSettingsSchema } from './recording-settings.entity.js';
import { SettingsVersionSchema } from './settings-version.entity.js';
import { UploadSchema } from './upload.entity.js';
import { UserSchema } from './user.entity.js';

export * from './account.entity.js';
export * from './api-key.entity.js';
export * from './audit-entry.entity.js';
export * from './employee.entity.js';
export * from './exclusion.entity.js';
export * from './exclusion-export.entity.js';
export * from './history-settings.entity.js';
export * from './policy-snapshot.entity.js';
export * from './queue.entity.js';
export * from './recording-settings.entity.js';
export * from './settings-version.entity.js';
export * from './upload.entity.js';
export * from './user.entity.js';

/** Every entity, for the ORM configuration. */
export const ENTITIES = [
  AccountSchema,
  UserSchema,
  ApiKeySchema,
  RecordingSettingsSchema,
  QueueSchema,
  EmployeeSchema,
  ExclusionListSchema,
  ExclusionEntrySchema,
  UploadSchema,
  ExclusionExportSchema,
  PolicySnapshotSchema,
  AuditEntrySchema,
  SettingsVersionSchema,
  HistorySettingsSchema,
];

import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export of the exclusion list too large to build during the request, built by the worker (EXC-9). */
export const ExclusionExportSchema = defineEntity({
  name: 'ExclusionExport',
  tableName: 'exclusion_exports',
  indexes: [{ properties: ['account', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    format: p.enum(['csv', 'xlsx'] as const),
    status: p.enum(EXPORT_STATUSES),
    /** Entries written, when done. */
    rows: p.integer().nullable(),
    content: p.blob().nullable().lazy(),
    error: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});
export type ExclusionExport = InferEntity<typeof ExclusionExportSchema>;

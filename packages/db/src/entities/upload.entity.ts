import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AccountSchema } from './account.entity.js';

export const UPLOAD_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** A rejected row of an upload, by row number, with the value and the reason (EXC-8). */
export interface RejectedRow {
  readonly row: number;
  readonly value: string;
  readonly reason: string;
}

/** A bulk upload of the exclusion list: the file is stored with its row before it is queued (EXC-8, EXC-10). */
export const UploadSchema = defineEntity({
  name: 'Upload',
  tableName: 'uploads',
  indexes: [{ properties: ['account', 'createdAt'] }, { properties: ['status'] }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(AccountSchema).deleteRule('cascade'),
    mode: p.enum(['add', 'replace'] as const),
    status: p.enum(UPLOAD_STATUSES),
    progress: p.double(),
    fileName: p.string(),
    content: p.blob().lazy(),
    imported: p.integer(),
    duplicates: p.integer(),
    rejectedCount: p.integer(),
    /** The first rejected rows (the full list is downloadable). */
    rejected: p.json<RejectedRow[]>(),
    /** Every rejected row as CSV (`row,value,reason`), for download; set when the upload is done. */
    rejectedCsv: p.text().nullable().lazy(),
    /**
     * The run of the worker that holds the upload now: a fencing token. A run that stalled and woke up
     * after another took over can neither apply the upload nor overwrite its progress.
     */
    runId: p.uuid().nullable(),
    error: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});
export type Upload = InferEntity<typeof UploadSchema>;

/**
 * @ccp/imports: bulk uploads of the exclusion list and their imports (EXC-8, EXC-10), its exports
 * (EXC-9), and the one repository of each table they write (`uploads`, `exclusion_exports`), shared
 * by the api and the worker.
 */
export * from './csv-writer.js';
export * from './errors.js';
export * from './export/index.js';
export { ImportMemoryBudget, importMemoryEstimate } from './import-memory.js';
export { type ImportOptions, type ImportResult, importUpload } from './import-upload.js';
export * from './limits.js';
export * from './rejected-csv.js';
export * from './sniff.js';
export * from './spreadsheet.js';
export {
  accountUpload,
  accountUploads,
  failUpload,
  insertUpload,
  type NewUpload,
  type UnfinishedUpload,
  type UploadPosition,
  type UploadRecord,
  type UploadTicket,
  unfinishedUploads,
  uploadStatus,
} from './uploads.repository.js';
export * from './valid-entries.js';
export * from './validate.js';
export { inspectXlsx } from './xlsx-inspection.js';

/** @ccp/imports: bulk uploads of the exclusion list (EXC-8, EXC-10), shared by the api and the worker. */
export * from './csv-writer.js';
export * from './errors.js';
export * from './export/index.js';
export { ImportMemoryBudget, importMemoryEstimate } from './import-memory.js';
export { type ImportOptions, type ImportResult, importUpload } from './import-upload.js';
export * from './limits.js';
export * from './rejected-csv.js';
export * from './sniff.js';
export * from './spreadsheet.js';
export { failUpload, type UnfinishedUpload, type UploadTicket, unfinishedUploads, uploadStatus } from './upload-rows.js';
export * from './valid-entries.js';
export * from './validate.js';
export { inspectXlsx } from './xlsx-inspection.js';

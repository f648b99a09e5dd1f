/** EXC-9: downloads of the exclusion list as CSV or XLSX, which the importer reads back to the same list. */
export * from './build-export.js';
export * from './csv-export.js';
export * from './export-rows.js';
export * from './exports.repository.js';
export * from './list-pages.js';
export * from './xlsx-export.js';

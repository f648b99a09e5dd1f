export * from './uploads.js';
export * from './workbooks.js';

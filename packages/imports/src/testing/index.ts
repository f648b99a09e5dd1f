export * from './big-uploads.js';
export * from './child-process.js';
export * from './uploads.js';
export * from './workbooks.js';

export * from './application.js';
export * from './merge.js';
export * from './paths.js';
export * from './review-page.js';
export * from './run-index.js';
export * from './shard.js';
export * from './summary.js';
export type * from './types.js';

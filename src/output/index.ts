export * from './application.js';
export * from './merge.js';
export * from './paths.js';
export * from './review-page.js';
export * from './runs.js';
export * from './shard.js';
export * from './state.js';
export * from './summary.js';
export type * from './types.js';

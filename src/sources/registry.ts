import type { JobSource } from './types.js';

/**
 * Every kind of board, one line each. Order matters for detection: the first source whose
 * `matches(url)` accepts a company's URL is used when the config gives no `kind`.
 */
export const SOURCES: JobSource[] = [];

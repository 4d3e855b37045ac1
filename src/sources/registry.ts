import { ashby } from './ashby/index.js';
import { browser } from './browser/index.js';
import { greenhouse } from './greenhouse/index.js';
import { html } from './html/index.js';
import { jsonld } from './jsonld/index.js';
import { lever } from './lever/index.js';
import { smartrecruiters } from './smartrecruiters/index.js';
import type { JobSource } from './types.js';
import { workday } from './workday/index.js';

/**
 * Every kind of board, one line each. Order matters for detection: the first source whose
 * `matches(url)` accepts a company's URL is used when the config gives no `kind`.
 */
export const SOURCES: JobSource[] = [
  greenhouse,
  lever,
  ashby,
  workday,
  smartrecruiters,
  jsonld,
  html,
  browser,
];

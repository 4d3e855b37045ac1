import { createRequire } from 'node:module';
import type slugifyModule from '@sindresorhus/slugify';

// @sindresorhus/slugify builds its transliteration patterns when it is loaded (~25 ms of CPU):
// it is required on the first slug made, which a dry run never makes. Node 20.19 and later
// require ES modules synchronously, so callers stay synchronous.
const require = createRequire(import.meta.url);
let loaded: typeof slugifyModule | null = null;

/** @sindresorhus/slugify, loaded on first use. */
export const slugify: typeof slugifyModule = (text, options) => {
  loaded ??= (require('@sindresorhus/slugify') as { default: typeof slugifyModule }).default;
  return loaded(text, options);
};

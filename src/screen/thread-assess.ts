import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResumeReading } from '../profile/index.js';
import type { Requirements } from './criteria.js';
import { type Assessment, assess } from './evaluate.js';
import { type ResumeDoc, resumeDoc } from './resume-doc.js';

/**
 * The rules' assessment of one resume, run in a parse thread right after the resume is read
 * (ParsePool.parseThen): it is the CPU-heavy part of a screening item (keyword search over every
 * line per criterion), and in the service it would otherwise hold up every request.
 */
export function assessReading(
  reading: ResumeReading,
  args: { requirements: Requirements; asOf: string },
): { doc: ResumeDoc; assessment: Assessment } {
  const doc = resumeDoc(reading);
  return { doc, assessment: assess(args.requirements, doc, new Date(args.asOf)) };
}

/**
 * The step as the parse pool is given it: this module by its own file name, beside the caller
 * and with its extension (.ts from the sources, .js compiled). Not `import.meta.url` itself: in
 * the bundled CLI that is the URL of whichever chunk holds this code, whose exports esbuild
 * renames; dist/cli/thread-assess.js is an entry point of its own (scripts/bundle-cli.mjs), so it
 * keeps the name `assessReading`.
 */
export function assessStep(requirements: Requirements, asOf: string) {
  return { module: assessModule(), export: 'assessReading', args: { requirements, asOf } };
}

/** The URL of this module as a parse thread imports it (see assessStep); ParsePool.warm loads it. */
export function assessModule(): string {
  const ext = path.extname(fileURLToPath(import.meta.url));
  return new URL(`./thread-assess${ext}`, import.meta.url).href;
}

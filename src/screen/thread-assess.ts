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

/** The step as the parse pool is given it: this module, next to the caller, same extension. */
export function assessStep(requirements: Requirements, asOf: string) {
  return { module: import.meta.url, export: 'assessReading', args: { requirements, asOf } };
}

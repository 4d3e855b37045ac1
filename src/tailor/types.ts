import { z } from 'zod';
import type { TailorJob } from './job.js';
import type { CustomerResearch } from './research.js';

/**
 * A tailoring as the CLI or the service asks for it: plain JSON naming files of the task's input
 * store (the job, the template) or a URL for the job; the resumes are every file under `resumes/`.
 */
export const TailorRequest = z.object({
  /** A job file among the inputs, or the posting's URL. */
  job: z.union([z.object({ file: z.string().min(1) }), z.object({ url: z.url() })]),
  /** The customer's own page, read once for the research. */
  companyUrl: z.url().nullable().default(null),
  /** A DOCX template among the inputs. */
  template: z.string().min(1).nullable().default(null),
  pdf: z.boolean().default(true),
  /**
   * Only files of this type for the resume and the cover letter (the service's `file_type`);
   * null: Markdown and DOCX, and PDF unless `pdf` is false.
   */
  fileType: z.enum(['docx', 'pdf', 'md']).nullable().default(null),
  /** Research again (ignore the cache) and replace files already written. */
  force: z.boolean().default(false),
});
export type TailorRequest = z.input<typeof TailorRequest>;

export interface TailorItemInput {
  /** The resume's name in the input store. */
  file: string;
  /** The person's folder in the task's files. */
  folder: string;
}

export interface TailorPlan {
  taskId: string;
  createdAt: string;
  job: TailorJob;
  research: CustomerResearch & { cached: boolean };
  template: string | null;
  pdf: boolean;
  /** Absent in plans stored before file types existed: every type. */
  fileType?: 'docx' | 'pdf' | 'md' | null;
  force: boolean;
  /** Inputs passed over in prepare, for the summary (finish sees only the items' outcomes). */
  skipped: { id: string; label: string; reason: string }[];
}

/** One person's result: where the files are and what the tailoring changed. */
export interface TailoredPerson {
  person: string;
  /** The person's folder in the task's files. */
  folder: string;
  /** The resume file it came from. */
  source: string;
  files: string[];
  generator: 'openai' | 'offline';
  model: string | null;
  fallbackReason: string | null;
  factGuard: { passed: boolean; violations: string[]; rejectedAttempts: number };
  changes: string[];
  warnings: string[];
}

export interface TailorSummary {
  kind: 'tailor';
  taskId: string;
  createdAt: string;
  finishedAt: string;
  job: { company: string; title: string; url: string | null };
  research: {
    about: string | null;
    sources: CustomerResearch['sources'];
    cached: boolean;
    warnings: string[];
  };
  template: string | null;
  counts: { resumes: number; tailored: number; failed: number; skipped: number };
  people: TailoredPerson[];
  failures: { id: string; file: string; reason: string }[];
  skipped: { id: string; file: string; reason: string }[];
  usage: { promptTokens: number; completionTokens: number; costUsd: number; fallbacks: number };
}

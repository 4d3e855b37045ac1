import type { JobDocument, JobSource } from '../batch/job-input.js';
import type { SkippedInput } from '../batch/resume-set.js';
import type { SourcesConfig } from '../config/schema.js';
import type { Requirements } from './criteria.js';
import type { Assessment } from './evaluate.js';

/** A screening's settings, as the CLI flags and the config's `screen:` block give them. */
export interface ScreenOptions {
  llm: boolean;
  blind: boolean;
  /** Show names and contact details in the report (the model still sees what `blind` allows). */
  reveal: boolean;
  top: number | null;
  minScore: number;
}

/** What starts a screening: all plain JSON, so the service can queue it. */
export interface ScreenInput {
  job: JobSource;
  /** An edited requirements.json, already validated; null: read them from the job. */
  criteria: Requirements | null;
  /** Files passed over while gathering (oversized, not a resume format). */
  gathered: SkippedInput[];
  options: ScreenOptions;
  sources?: SourcesConfig;
  /** "Present" in role dates means this day; default: when prepare runs. */
  asOf?: string;
}

export interface ScreenPlan {
  job: Omit<JobDocument, 'text'>;
  requirements: Requirements;
  asOf: string;
  options: ScreenOptions;
  skipped: SkippedInput[];
}

export interface ScreenItemInput {
  name: string;
  file: string;
  sha256: string;
  duplicates: string[];
}

export interface CandidateResult {
  id: string;
  file: string;
  /** null under --blind without --reveal. */
  name: string | null;
  contact: { email: string | null; phone: string | null; location: string | null } | null;
  format: string;
  /** The resume copied into the results, for the report's link. */
  resumeFile: string;
  duplicates: string[];
  assessment: Assessment;
  model: { used: boolean; cached: boolean; discardedQuotes: number } | null;
}

export interface RankedCandidate extends CandidateResult {
  rank: number;
  shortlisted: boolean;
}

export interface ScreenSummary {
  job: ScreenPlan['job'];
  requirements: Requirements;
  ranked: RankedCandidate[];
  notScreened: SkippedInput[];
  discardedQuotes: number;
  options: ScreenOptions;
}

import type { FetchedJob } from '../fetch/types.js';
import type { Profile } from '../profile/types.js';

/** Where a line of the tailored resume came from: a path into the Profile, e.g. "work[0].bullets[2]". */
export type ProfileRef = string;

export interface TailoredBullet {
  text: string;
  source: ProfileRef;
}

export interface TailoredRole {
  employer: string;
  title: string;
  location: string | null;
  startDate: string | null;
  endDate: string | null;
  bullets: TailoredBullet[];
  source: ProfileRef;
}

/** The resume as sent for one job: the Profile's own facts, chosen and ordered for that job. */
export interface TailoredResume {
  name: string;
  headline: string | null;
  contact: Profile['contact'];
  summary: string;
  /** The Profile's skills, most relevant first. */
  skills: string[];
  work: TailoredRole[];
  education: Profile['education'];
  projects: Profile['projects'];
  certifications: string[];
}

export interface CoverLetter {
  greeting: string;
  paragraphs: string[];
  closing: string;
  signature: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Estimated from the configured prices. */
  costUsd: number;
}

export interface FactGuardResult {
  passed: boolean;
  /** e.g. `employer "Google" is not in the resume`. */
  violations: string[];
}

/** What tailoring changed against the original resume (see tailoring.ts). */
export interface TailoringReport {
  summary: string;
  /** The tailored order; `from` is the skill's place in the original list, null when not in it. */
  skills: Array<{ name: string; from: number | null }>;
  roles: Array<{
    employer: string;
    title: string;
    /** `original` is the resume's own bullet it came from; null when it cites none. */
    bullets: Array<{ text: string; source: ProfileRef; original: string | null }>;
    /** Bullets of the original role not used. */
    leftOut: number;
  }>;
  coverLetter: CoverLetter;
}

export interface GenerationResult {
  resume: TailoredResume;
  coverLetter: CoverLetter;
  generator: 'openai' | 'offline';
  model: string | null;
  /** Why the offline generator was used for this job when the LLM was configured. */
  fallbackReason: string | null;
  usage: TokenUsage;
  /** The final guard verdict plus every violation seen on rejected attempts. */
  factGuard: FactGuardResult & { rejectedAttempts: number; rejectedViolations: string[] };
  /** True when the result came from the generation cache. */
  cached: boolean;
  promptVersion: string;
  /** For the review page and job.json; absent in results written before it existed. */
  tailoring?: TailoringReport;
}

/** What the generator needs for one job. */
export interface GenerationInput {
  profile: Profile;
  job: FetchedJob;
  /** Company research shared by all its jobs; null when none could be had. */
  companyAbout: string | null;
}

/** One file of an application folder, ready to write. */
export interface RenderedFile {
  /** Plain file name, e.g. "resume.docx". */
  name: string;
  data: string | Uint8Array;
}

import type { DescriptionSource } from '../fetch/types.js';
import type { GenerationResult } from '../generate/types.js';
import type { Score } from '../match/types.js';
import type { JobListing, SourceKind } from '../sources/types.js';

/** job.json: everything a reviewer needs to know about one application. */
export interface ApplicationRecord {
  id: string;
  company: string;
  title: string;
  url: string;
  kind: SourceKind;
  listing: JobListing;
  /** Listings merged into this one (same job in other cities or under other URLs). */
  duplicates: Array<Pick<JobListing, 'id' | 'url' | 'locations'>>;
  /** The score from the listing alone, and after the description was read. */
  score: Score;
  finalScore: Score | null;
  description: { source: DescriptionSource; url: string | null; chars: number } | null;
  fetchError: string | null;
  generation: Omit<GenerationResult, 'resume' | 'coverLetter'> | null;
  status: 'done' | 'failed';
  error: string | null;
  /** File names in the folder. */
  files: string[];
  runId: string;
  createdAt: string;
}

export interface CompanySummary {
  name: string;
  kind: SourceKind | null;
  listings: number;
  selected: number;
  done: number;
  unchanged: boolean;
  error: string | null;
  warnings: string[];
}

export interface StageSummary {
  name: 'scrape' | 'match' | 'fetch' | 'generate' | 'output';
  in: number;
  out: number;
  failed: number;
  ms: number;
}

/** summary.json. */
export interface RunSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  configFile: string;
  dryRun: boolean;
  cancelled: boolean;
  companies: CompanySummary[];
  stages: StageSummary[];
  listings: number;
  selected: number;
  generated: number;
  /** `reason` without the company or job in front (they are fields); `code` is the error's. */
  failures: Array<{ company: string; job: string | null; stage: string; reason: string; code?: string }>;
  /** Previously seen jobs that are gone from their boards in this run. */
  closed: Array<{ id: string; company: string; title: string }>;
  warnings: string[];
  tokens: { prompt: number; completion: number };
  costUsd: number;
  /** The jobs selected for an application (what a dry run would do), best score first. */
  selections?: Array<{ id: string; company: string; title: string; score: number; url: string }>;
  /** Relative paths of the application folders, best score first. */
  applications: Array<{ id: string; company: string; title: string; score: number; folder: string }>;
  exitCode: 0 | 1 | 130;
  /** The candidate this summary is for, in a run of several. */
  candidate?: string;
  /** Set by `merge`: the shard run folders this summary joins, in the order given. */
  shards?: string[];
}

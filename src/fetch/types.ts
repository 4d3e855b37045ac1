import type { StageDeps } from '../app/context.js';
import type { CompanyConfig, SourcesConfig } from '../config/schema.js';
import type { ScoredJob } from '../match/types.js';

/** Where a job's description came from. */
export type DescriptionSource = 'listing' | 'board-api' | 'jsonld' | 'page' | 'cache';

export interface JobDetail {
  /** Clean Markdown. */
  markdown: string;
  source: DescriptionSource;
  /** The URL read, when one was. */
  url: string | null;
  fetchedAt: string;
}

/** A selected job after the fetch stage: with its description, or the reason it has none. */
export interface FetchedJob extends ScoredJob {
  detail: JobDetail | null;
  fetchError: string | null;
}

/** What the fetch stage needs besides the jobs. */
export interface FetchContext {
  deps: StageDeps;
  /** The config's `parallel_workers`; never more are started than there are jobs. */
  workers: number;
  /** Descriptions are cached below it, in `descriptions/`. */
  cacheDir: string;
  /** Per-kind options, handed to a board's detail API. */
  sources: SourcesConfig;
  /** The configured companies; a job's is found by `listing.company`. */
  companies: CompanyConfig[];
}

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

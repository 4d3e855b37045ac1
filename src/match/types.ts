import type { JobListing } from '../sources/types.js';

/** One line of "why": what matched or what cost points. */
export interface ScoreReason {
  kind: 'role' | 'keyword' | 'location' | 'remote' | 'penalty' | 'exclude' | 'description';
  detail: string;
  /** Points this reason added (negative for penalties). */
  points: number;
}

export interface Score {
  /** 0-100. */
  total: number;
  reasons: ScoreReason[];
  matchedRole: string | null;
  matchedKeywords: string[];
  /** True when a configured exclude word hit; such a job is never selected. */
  excluded: boolean;
}

export interface ScoredJob {
  listing: JobListing;
  score: Score;
  /** Other listings merged into this one as the same job (reposts, other cities, other URLs). */
  duplicates: JobListing[];
}

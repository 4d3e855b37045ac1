import { compareScored } from './dedupe.js';
import type { ScoredJob } from './types.js';

export interface SelectOptions {
  minScore: number;
  /** true: the best job per company; a number: the best N; false: no per-company limit. */
  topPerCompany: boolean | number;
  /** Overall cap; the streaming pipeline applies its own across companies. */
  maxApplications?: number;
  /** True for a job handled in an earlier run (its id, or any duplicate's id). */
  isHandled: (id: string) => boolean;
  /** Jobs whose application deadline (validThrough) is before this are skipped; default now. */
  now?: Date;
}

export interface Selection {
  /** Best first. */
  selected: ScoredJob[];
  belowMin: number;
  excluded: number;
  /** Past their application deadline. */
  expired: number;
  handledBefore: number;
  cutByCompanyLimit: number;
  /** Jobs good enough but beyond `maxApplications`. */
  cutByCap: number;
}

function companyLimit(topPerCompany: boolean | number): number {
  if (topPerCompany === true) return 1;
  if (topPerCompany === false) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.floor(topPerCompany));
}

/** True when the job's application deadline has passed; a deadline the board garbled is no deadline. */
export function isExpired(job: ScoredJob, nowMs: number): boolean {
  const deadline = job.listing.validThrough === null ? Number.NaN : Date.parse(job.listing.validThrough);
  return Number.isFinite(deadline) && deadline < nowMs;
}

/**
 * Picks the jobs worth an application. Each job is counted once, under the first rule that drops
 * it: excluded word, deadline passed, handled before, below min_score, company limit, overall cap. Ties are broken
 * by keyword count, then the newer posting, then the id, so the same input selects the same jobs.
 */
export function selectJobs(scored: ScoredJob[], opts: SelectOptions): Selection {
  let excluded = 0;
  let expired = 0;
  let handledBefore = 0;
  const now = (opts.now ?? new Date()).getTime();
  let belowMin = 0;
  const eligible: ScoredJob[] = [];
  for (const job of scored) {
    if (job.score.excluded) excluded++;
    else if (isExpired(job, now)) expired++;
    else if (opts.isHandled(job.listing.id) || job.duplicates.some((d) => opts.isHandled(d.id)))
      handledBefore++;
    else if (job.score.total < opts.minScore) belowMin++;
    else eligible.push(job);
  }
  eligible.sort(compareScored);

  const limit = companyLimit(opts.topPerCompany);
  const perCompany = new Map<string, number>();
  let cutByCompanyLimit = 0;
  const withinCompany: ScoredJob[] = [];
  for (const job of eligible) {
    const taken = perCompany.get(job.listing.company) ?? 0;
    if (taken >= limit) {
      cutByCompanyLimit++;
      continue;
    }
    perCompany.set(job.listing.company, taken + 1);
    withinCompany.push(job);
  }

  const cap = opts.maxApplications ?? Number.POSITIVE_INFINITY;
  const selected = withinCompany.slice(0, cap);
  return {
    selected,
    belowMin,
    excluded,
    expired,
    handledBefore,
    cutByCompanyLimit,
    cutByCap: withinCompany.length - selected.length,
  };
}

/** "Processing 7 jobs (out of 100 total)", the line the original matcher printed. */
export function filterLine(selected: number, total: number): string {
  return `Processing ${selected} job${selected === 1 ? '' : 's'} (out of ${total} total)`;
}

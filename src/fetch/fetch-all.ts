import pMap from 'p-map';
import { throwIfCancelled } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import type { ScoredJob } from '../match/types.js';
import { fetchDescription, JOB_SCOPE } from './fetch-one.js';
import type { FetchContext, FetchedJob } from './types.js';

const SCOPE = 'parallel';

/** The original matcher's per-job line: `  [parallel-fetch] uber: 12450 chars`, or why it failed. */
export function logFetched(result: FetchedJob, logger: Logger): void {
  const company = result.listing.company;
  const fields = { jobId: result.listing.id, url: result.listing.url };
  if (result.detail) {
    const cached = result.detail.source === 'cache' ? ' (cached)' : '';
    logger.info(JOB_SCOPE, `${company}: ${result.detail.markdown.length} chars${cached}`, {
      ...fields,
      source: result.detail.source,
    });
  } else {
    logger.warn(JOB_SCOPE, `${company}: ${result.fetchError}`, fields);
  }
}

/**
 * Every selected job's description, `ctx.workers` at a time (never more workers than jobs), in
 * the order given. One job's failure is recorded on that job and never stops the others; only
 * cancellation rejects.
 */
export async function fetchDescriptions(jobs: ScoredJob[], ctx: FetchContext): Promise<FetchedJob[]> {
  if (jobs.length === 0) return [];
  const { logger, signal } = ctx.deps;
  const workers = Math.max(1, Math.min(ctx.workers, jobs.length));
  logger.info(SCOPE, `Pre-fetching job descriptions with ${workers} workers...`);
  let done = 0;
  let failed = 0;
  const fetched = await pMap(
    jobs,
    async (job) => {
      throwIfCancelled(signal);
      const result = await fetchDescription(job, ctx);
      done++;
      if (!result.detail) failed++;
      logFetched(result, logger);
      logger.progress({ stage: 'fetch', done, total: jobs.length, failed });
      return result;
    },
    { concurrency: workers },
  );
  logger.info(SCOPE, 'Job description fetching complete!');
  return fetched;
}

import pMap from 'p-map';
import { throwIfCancelled } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import type { ScoredJob } from '../match/types.js';
import { plural } from '../output/summary.js';
import { fetchDescription, JOB_SCOPE, preloadReaders } from './fetch-one.js';
import type { FetchContext, FetchedJob } from './types.js';

const SCOPE = 'parallel';

/** The per-job line, naming the job: `  [parallel-fetch] Uber / Backend Engineer: 12450 chars`. */
export function logFetched(result: FetchedJob, logger: Logger): void {
  const job = `${result.listing.company} / ${result.listing.title}`;
  const fields = { jobId: result.listing.id, url: result.listing.url };
  if (result.detail) {
    const cached = result.detail.source === 'cache' ? ' (cached)' : '';
    logger.info(JOB_SCOPE, `${job}: ${result.detail.markdown.length} chars${cached}`, {
      ...fields,
      source: result.detail.source,
    });
  } else {
    logger.warn(JOB_SCOPE, `${job}: ${result.fetchError}`, fields);
  }
}

export interface FetchAllOptions {
  /** Called as each job's description is in (or failed), before the next is started. */
  onFetched?(result: FetchedJob, ms: number): void;
  /**
   * Jobs will come (not a dry run): load the description readers now, while the boards are read
   * and the CPU waits on the network, not after the first description arrives, where the load
   * (~0.15 s) delayed the first job's generation and so every later one.
   */
  preload?: boolean;
}

/**
 * The one fetch engine: p-map over the selected jobs, `ctx.workers` at a time (never more
 * workers than jobs, when their number is known). The jobs may be an async iterable that yields
 * them as they are selected, so descriptions are fetched while other boards are still read.
 * Results come in the order given. One job's failure is recorded on that job and never stops the
 * others; only cancellation rejects.
 */
export async function fetchDescriptions(
  jobs: Iterable<ScoredJob> | AsyncIterable<ScoredJob>,
  ctx: FetchContext,
  options: FetchAllOptions = {},
): Promise<FetchedJob[]> {
  const { logger, signal } = ctx.deps;
  const known = Array.isArray(jobs) ? jobs.length : null;
  if (known === 0) return [];
  if (options.preload) setImmediate(preloadReaders);
  const workers = Math.max(1, Math.min(ctx.workers, known ?? ctx.workers));
  let started = false;
  const fetched = await pMap(
    jobs,
    async (job) => {
      throwIfCancelled(signal);
      if (!started) {
        started = true;
        logger.info(SCOPE, `Pre-fetching job descriptions with ${plural(workers, 'worker')}...`);
      }
      const start = performance.now();
      const result = await fetchDescription(job, ctx);
      logFetched(result, logger);
      options.onFetched?.(result, performance.now() - start);
      return result;
    },
    { concurrency: workers },
  );
  if (started) logger.info(SCOPE, 'Job description fetching complete!');
  return fetched;
}

import { CancelledError, describeError, HttpError, JobError, throwIfCancelled } from '../errors.js';
import type { HttpResponse } from '../infra/http/client.js';
import type { ScoredJob } from '../match/types.js';
import { SOURCES } from '../sources/registry.js';
import type { JobListing } from '../sources/types.js';
import { readCachedDescription, writeCachedDescription } from './cache.js';
import type { FetchContext, FetchedJob, JobDetail } from './types.js';

/** Log scope of the per-job lines; the leading spaces make TextLogger indent them. */
export const JOB_SCOPE = '  parallel-fetch';

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,application/json;q=0.5,*/*;q=0.1';

export type Outcome = { detail: JobDetail } | { failure: string };

/**
 * Turndown, linkedom and Readability, loaded by the first description fetched: a dry run (or a
 * run whose jobs are all cached) never loads them.
 */
const markdown = () => import('./markdown.js');
const page = () => import('./page.js');

/** Loads them ahead of the first description (FetchAllOptions.preload); a failure shows there. */
export function preloadReaders(): void {
  for (const load of [markdown, page]) load().catch(() => {});
}

/**
 * One job's description as Markdown: from the listing, else the disk cache, else the board's
 * detail API, else the posting page. A job whose description cannot be had gets `fetchError`
 * (the URL and why) instead; only cancellation is thrown.
 */
export async function fetchDescription(job: ScoredJob, ctx: FetchContext): Promise<FetchedJob> {
  throwIfCancelled(ctx.deps.signal);
  let outcome: Outcome;
  try {
    outcome = await describe(job.listing, ctx);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    // Unexpected (a bug, a file system error): still this job's failure alone.
    outcome = { failure: `${job.listing.url}: ${describeError(error)}` };
  }
  return 'detail' in outcome
    ? { ...job, detail: outcome.detail, fetchError: null }
    : { ...job, detail: null, fetchError: outcome.failure };
}

/** A description cache for one listing; the fetch stage's is on disk, a single posting has none. */
interface ListingCache {
  read(): Promise<JobDetail | null>;
  write(detail: JobDetail): Promise<void>;
}

/**
 * One listing's description: from the listing, else `cache`, else the board's detail API, else
 * the posting page. Screening and tailoring read their one posting through it without a cache.
 */
export async function describeListing(
  listing: JobListing,
  ctx: Omit<FetchContext, 'cacheDir'>,
  cache?: ListingCache,
): Promise<Outcome> {
  const fetchedAt = () => ctx.deps.clock.now().toISOString();
  if (listing.description) {
    const text = (await markdown()).jobTextToMarkdown(listing.description);
    if (text) return { detail: { markdown: text, source: 'listing', url: null, fetchedAt: fetchedAt() } };
  }
  const cached = await cache?.read();
  if (cached) return { detail: cached };

  const api = await fromBoardApi(listing, ctx, fetchedAt);
  let outcome: Outcome;
  if ('detail' in api) {
    outcome = api;
  } else {
    const page = await fromPage(listing, ctx, fetchedAt);
    outcome =
      'failure' in page && api.problem ? { failure: `${page.failure}; board API: ${api.problem}` } : page;
  }
  if ('detail' in outcome) await cache?.write(outcome.detail);
  return outcome;
}

function describe(listing: JobListing, ctx: FetchContext): Promise<Outcome> {
  const version = listing.updatedAt ?? listing.postedAt;
  return describeListing(listing, ctx, {
    read: () => readCachedDescription(ctx.cacheDir, listing.url, version),
    write: (detail) =>
      writeCachedDescription(ctx.cacheDir, listing.url, version, detail).catch((error) => {
        ctx.deps.logger.warn(
          JOB_SCOPE,
          `could not cache the description of ${listing.url}: ${describeError(error)}`,
        );
      }),
  });
}

/**
 * The board's detail API, for boards whose list omits descriptions. Its failure is not the
 * job's yet: the posting page may still have the text.
 */
async function fromBoardApi(
  listing: JobListing,
  ctx: Omit<FetchContext, 'cacheDir'>,
  fetchedAt: () => string,
): Promise<{ detail: JobDetail } | { problem: string | null }> {
  const source = SOURCES.find((s) => s.kind === listing.kind);
  if (!source?.fetchDescription) return { problem: null };
  const company = ctx.companies.find((c) => c.name === listing.company);
  if (!company) {
    ctx.deps.logger.debug(JOB_SCOPE, `${listing.company}: not in the config; reading the posting page`);
    return { problem: null };
  }
  try {
    const text = await source.fetchDescription(listing, {
      company,
      options: ctx.sources[listing.kind],
      deps: ctx.deps,
    });
    const md = text ? (await markdown()).jobTextToMarkdown(text) : '';
    if (md) return { detail: { markdown: md, source: 'board-api', url: null, fetchedAt: fetchedAt() } };
    return { problem: 'no description' };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const problem = apiProblem(error);
    ctx.deps.logger.debug(JOB_SCOPE, `${listing.company}: board API failed (${problem}); reading the page`);
    return { problem };
  }
}

async function fromPage(
  listing: JobListing,
  ctx: Omit<FetchContext, 'cacheDir'>,
  fetchedAt: () => string,
): Promise<Outcome> {
  let res: HttpResponse;
  try {
    res = await ctx.deps.http.request(listing.url, {
      headers: { accept: PAGE_ACCEPT },
      signal: ctx.deps.signal,
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { failure: `${listing.url}: ${httpReason(error, listing.url)}` };
  }
  const reading = (await page()).readPostingPage({
    url: res.url,
    contentType: res.headers.get('content-type'),
    text: res.text,
  });
  if (!reading.ok) return { failure: `${listing.url}: ${reading.reason}` };
  return {
    detail: { markdown: reading.markdown, source: reading.source, url: res.url, fetchedAt: fetchedAt() },
  };
}

/**
 * The board API's failure in one short clause: the HTTP exchange that failed when there was one
 * (sources wrap it in SourceError and JobError, each repeating it), else the source's own reason.
 */
function apiProblem(error: unknown): string {
  let cause: unknown = error;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause instanceof HttpError) return cause.message;
    cause = cause.cause;
  }
  if (error instanceof JobError) return error.reason;
  return describeError(error);
}

/** The failure line names the URL once, up front: the HTTP error's reason, and where if elsewhere. */
function httpReason(error: unknown, url: string): string {
  if (!(error instanceof HttpError)) return describeError(error);
  return sameHref(error.url, url) ? error.reason : `${error.reason} (at ${error.url})`;
}

function sameHref(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

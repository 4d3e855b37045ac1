import pLimit from 'p-limit';
import type { StageDeps } from '../app/context.js';
import type { CompanyConfig, SourcesConfig } from '../config/schema.js';
import { CancelledError, describeError, SourceError, throwIfCancelled } from '../errors.js';
import { resolveSource } from './detect.js';
import { jobLimit } from './shared/board-url.js';
import type { BoardValidators, CompanyScrape, JobSource, ScrapeContext, SourceKind } from './types.js';

const SCOPE = 'scrape';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** The kind a failed company is reported under: its source's, else its configured kind. */
function fallbackKind(company: CompanyConfig): SourceKind {
  return company.kind ?? (company.selectors ? 'html' : 'jsonld');
}

/**
 * Reads one company's board. Never throws for a board failure: the result carries the
 * SourceError and the run goes on. Only cancellation is thrown.
 */
export async function scrapeCompany(
  company: CompanyConfig,
  sources: SourcesConfig,
  deps: StageDeps,
  previous?: BoardValidators,
): Promise<CompanyScrape> {
  throwIfCancelled(deps.signal);
  const started = deps.clock.now().getTime();
  let source: JobSource | null = null;
  try {
    source = resolveSource(company);
    const ctx: ScrapeContext = {
      company,
      options: sources[source.kind],
      deps,
      ...(previous ? { previous } : {}),
    };
    const result = await source.scrape(ctx);
    const durationMs = deps.clock.now().getTime() - started;
    const warnings = [...result.warnings];
    let listings = result.listings;
    const max = jobLimit(ctx);
    if (listings.length > max) {
      warnings.push(`kept the first ${max} of ${listings.length} jobs (max_jobs)`);
      listings = listings.slice(0, max);
    }
    for (const warning of warnings) deps.logger.warn(SCOPE, `${company.name}: ${warning}`);
    deps.logger.info(
      SCOPE,
      result.unchanged
        ? `${company.name}: unchanged (${source.kind})`
        : `${company.name}: ${listings.length} jobs (${source.kind}, ${seconds(durationMs)})`,
    );
    return {
      company: company.name,
      kind: source.kind,
      listings,
      skipped: result.skipped,
      warnings,
      unchanged: result.unchanged,
      ...(result.validators ? { validators: result.validators } : {}),
      durationMs,
      error: null,
    };
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const sourceError =
      error instanceof SourceError
        ? error
        : new SourceError(company.name, company.url, describeError(error), { cause: error });
    deps.logger.error(SCOPE, sourceError.message);
    return {
      company: company.name,
      kind: source?.kind ?? fallbackKind(company),
      listings: [],
      skipped: 0,
      warnings: [],
      unchanged: false,
      durationMs: deps.clock.now().getTime() - started,
      error: sourceError,
    };
  }
}

type Settled = { ok: true; value: CompanyScrape } | { ok: false; error: unknown };

/**
 * Scrapes every company, `sources.concurrency` at a time, yielding each result as soon as that
 * company is done (so later stages can start on it). Stops starting companies when the consumer
 * stops iterating; cancellation is thrown from the iterator. At most `concurrency` finished boards
 * wait for the consumer: a consumer held up (it once waited for each board's snapshot on disk)
 * had let a 1,000-board scan queue hundreds of boards, listings and all, 550 MB at its peak.
 */
export async function* scrapeAll(
  companies: readonly CompanyConfig[],
  sources: SourcesConfig,
  deps: StageDeps,
  previousByCompany: Readonly<Record<string, BoardValidators | undefined>> = {},
): AsyncGenerator<CompanyScrape> {
  const limit = pLimit(sources.concurrency);
  const settled: Settled[] = [];
  let wake: (() => void) | null = null;
  const push = (item: Settled) => {
    settled.push(item);
    wake?.();
    wake = null;
  };
  const waitingForRoom: Array<() => void> = [];
  let stopped = false;
  /** False once the consumer has stopped: the company is then never started. */
  const room = async (): Promise<boolean> => {
    while (!stopped && settled.length >= sources.concurrency)
      await new Promise<void>((resolve) => waitingForRoom.push(resolve));
    return !stopped;
  };
  for (const company of companies) {
    // Pushed inside the slot, so the next company (started when the slot frees) sees it waiting.
    void limit(async () => {
      if (!(await room())) return;
      try {
        push({
          ok: true,
          value: await scrapeCompany(company, sources, deps, previousByCompany[company.name]),
        });
      } catch (error) {
        push({ ok: false, error });
      }
    });
  }
  let done = 0;
  let failed = 0;
  try {
    while (done < companies.length) {
      if (settled.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = settled.shift();
      waitingForRoom.shift()?.();
      if (!item) continue;
      done++;
      if (!item.ok) throw item.error;
      if (item.value.error) failed++;
      deps.logger.progress({ stage: SCOPE, done, total: companies.length, failed });
      yield item.value;
    }
  } finally {
    stopped = true;
    limit.clearQueue();
    for (const resume of waitingForRoom.splice(0)) resume();
  }
}

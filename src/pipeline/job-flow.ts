import path from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { Config } from '../config/schema.js';
import { BudgetExceededError, CancelledError, describeError } from '../errors.js';
import { fetchDescription, logFetched } from '../fetch/index.js';
import type { FetchContext, FetchedJob } from '../fetch/types.js';
import type { Generator } from '../generate/index.js';
import { renderApplicationFiles } from '../generate/index.js';
import type { GenerationResult } from '../generate/types.js';
import type { Deps } from '../infra/deps.js';
import type { Matcher } from '../match/index.js';
import { rescore } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import type { StateStore } from '../output/index.js';
import { writeApplication } from '../output/index.js';
import type { ApplicationRecord } from '../output/types.js';
import type { Profile } from '../profile/types.js';
import type { RunLedger } from './ledger.js';

/** Everything one job needs on its way from selected to written. */
export interface JobFlowContext {
  config: Config;
  deps: Deps;
  runId: string;
  runDir: string;
  profile: Profile;
  matcher: Matcher;
  generator: Generator;
  state: StateStore;
  ledger: RunLedger;
  fetch: FetchContext;
  /** Shared by every company: at most `parallel_workers` descriptions in flight in the whole run. */
  fetchLimit: LimitFunction;
  /** Logs the "[parallel] Pre-fetching ..." line once, when the first description is fetched. */
  announceFetch(jobs?: number): void;
  /** Company research, once per company, shared by its jobs. */
  research(company: string, job: FetchedJob): Promise<string | null>;
  pdf: boolean;
}

/** Fetches one job's description under the run-wide worker limit. Never throws but for Ctrl-C. */
export async function fetchJob(job: ScoredJob, ctx: JobFlowContext): Promise<FetchedJob> {
  const fetched = await ctx.fetchLimit(() =>
    ctx.ledger.track(
      'fetch',
      () => fetchDescription(job, ctx.fetch),
      (result) => result.fetchError === null,
    ),
  );
  logFetched(fetched, ctx.deps.logger);
  return fetched;
}

/**
 * Rescore with the description, generate, render and write one application, then remember it in
 * the state. A failure is recorded against the job and leaves it unhandled, so the next run tries
 * it again; nothing else is affected.
 */
export async function completeJob(fetched: FetchedJob, ctx: JobFlowContext): Promise<void> {
  const { listing } = fetched;
  const company = ctx.ledger.company(listing.company);
  if (fetched.fetchError !== null || fetched.detail === null) {
    ctx.ledger.fail(listing.company, listing.title, 'fetch', fetched.fetchError ?? 'no description');
    return;
  }
  const final = rescore(fetched, fetched.detail.markdown, ctx.matcher);
  if (final.score.total < ctx.config.min_score) {
    ctx.deps.logger.info(
      'filter',
      `${listing.company}: dropped "${listing.title}" after reading its description (score ${final.score.total} < ${ctx.config.min_score})`,
    );
    return;
  }
  if (ctx.deps.signal.aborted) return;
  let generation: GenerationResult;
  try {
    const companyAbout = await ctx.research(listing.company, fetched);
    generation = await ctx.ledger.track('generate', () =>
      ctx.generator.generate({ profile: ctx.profile, job: { ...fetched, score: final.score }, companyAbout }),
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const stage = error instanceof BudgetExceededError ? 'budget' : 'generate';
    ctx.ledger.fail(listing.company, listing.title, stage, describeError(error));
    return;
  }
  try {
    const folder = await ctx.ledger.track('output', async () => {
      const files = await renderApplicationFiles(generation, ctx.deps, { pdf: ctx.pdf });
      for (const warning of files.warnings) {
        if (!ctx.ledger.warnings.includes(warning)) ctx.ledger.warnings.push(warning);
      }
      const record = applicationRecord(
        fetched,
        final.score,
        generation,
        files.map((f) => f.name),
        ctx,
      );
      const written = await writeApplication(ctx.runDir, record, files, fetched.detail?.markdown ?? null);
      ctx.ledger.records.push(record);
      const letter = files.find((f) => f.name === 'cover-letter.md');
      if (typeof letter?.data === 'string') ctx.ledger.coverLetters.set(record.id, letter.data);
      return written;
    });
    await ctx.state.markHandled(listing.id, {
      runId: ctx.runId,
      folder,
      company: listing.company,
      title: listing.title,
    });
    company.done += 1;
    ctx.ledger.applications.push({
      id: listing.id,
      company: listing.company,
      title: listing.title,
      score: final.score.total,
      folder: path.relative(ctx.runDir, folder),
    });
    ctx.deps.logger.progress({
      stage: 'output',
      done: ctx.ledger.applications.length,
      total: ctx.ledger.selected,
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    ctx.ledger.fail(listing.company, listing.title, 'output', describeError(error));
  }
}

function applicationRecord(
  fetched: FetchedJob,
  finalScore: ScoredJob['score'],
  generation: GenerationResult,
  files: string[],
  ctx: JobFlowContext,
): ApplicationRecord {
  const { listing, detail } = fetched;
  const { resume: _resume, coverLetter: _letter, ...generationMeta } = generation;
  return {
    id: listing.id,
    company: listing.company,
    title: listing.title,
    url: listing.url,
    kind: listing.kind,
    listing: { ...listing, description: null },
    duplicates: fetched.duplicates.map((d) => ({ id: d.id, url: d.url, locations: d.locations })),
    score: fetched.score,
    finalScore,
    description: detail ? { source: detail.source, url: detail.url, chars: detail.markdown.length } : null,
    fetchError: fetched.fetchError,
    generation: generationMeta,
    status: 'done',
    error: null,
    files: ['job.json', ...(detail ? ['description.md'] : []), ...files],
    runId: ctx.runId,
    createdAt: ctx.deps.clock.now().toISOString(),
  };
}

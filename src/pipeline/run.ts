import { access, constants, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Config } from '../config/schema.js';
import { CancelledError, describeError, OutputError } from '../errors.js';
import { fetchDescriptions } from '../fetch/index.js';
import type { FetchedJob } from '../fetch/types.js';
import { createCompanyResearcher, createGenerator } from '../generate/index.js';
import type { Deps } from '../infra/deps.js';
import { createMatcher } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import {
  COVER_LETTER_FILE,
  type CompleteApplication,
  cleanPartials,
  exitCodeFor,
  listCompleteApplications,
  openState,
  writeReviewPage,
  writeSummary,
} from '../output/index.js';
import type { RunSummary } from '../output/types.js';
import { loadProfile } from '../profile/index.js';
import { resolveSource } from '../sources/detect.js';
import { scrapeAll } from '../sources/scrape.js';
import { pickCompanies } from './companies.js';
import { type CompanyOutcome, selectForCompany } from './company-flow.js';
import { completeJob, fetchJob, type JobFlowContext } from './job-flow.js';
import { RunLedger } from './ledger.js';

export interface RunOptions {
  runId: string;
  /** Scrape, score and select only: no descriptions, no LLM, only the summary written. */
  dryRun: boolean;
  /** Redo jobs handled in earlier runs. */
  force: boolean;
  /** Only these companies (names as configured, any case). Empty: all. */
  companies: string[];
  /** At most this many applications in this run (overrides `max_applications`). */
  limit?: number;
  /** Take a stable share of the companies: shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** streaming (default): each company flows on as soon as it is scraped; staged: stage by stage. */
  mode: 'streaming' | 'staged';
  /** Render PDFs (needs the browser). */
  pdf: boolean;
  /** $GITHUB_STEP_SUMMARY, passed in by the CLI. */
  githubStepSummary?: string;
}

/**
 * The whole run, and the only place that knows the stage order:
 * profile -> sources -> match -> fetch -> (rescore) -> generate -> output, streaming per company.
 */
export async function runPipeline(config: Config, options: RunOptions, deps: Deps): Promise<RunSummary> {
  const companies = pickCompanies(config.companies, options);
  const profile = await loadProfile(config.resume, config.search, { logger: deps.logger });
  deps.logger.info(
    'profile',
    `${profile.name}: ${profile.work.length} roles, ${profile.skills.length} skills; target roles: ${profile.targetRoles.join(', ')}`,
  );
  const runDir = path.join(deps.outputRoot, options.runId);
  await ensureWritable(runDir);
  const state = await openState(config.state_file);
  const ledger = new RunLedger(deps.clock);
  try {
    await cleanPartials(runDir);
    // Empty unless this run continues a killed attempt (see latestUnfinishedRun).
    const earlier = await listCompleteApplications(runDir);
    const matcher = createMatcher(profile, config);
    const generator = createGenerator({ llm: config.llm, cacheDir: config.cache_dir }, deps);
    const researcher = createCompanyResearcher(deps.logger);
    const ctx: JobFlowContext = {
      config,
      deps,
      runId: options.runId,
      runDir,
      profile,
      matcher,
      generator,
      state,
      ledger,
      fetch: {
        deps,
        workers: config.parallel_workers,
        cacheDir: config.cache_dir,
        sources: config.sources,
        companies,
      },
      fetchLimit: pLimit(config.parallel_workers),
      announceFetch: once((jobs?: number) => {
        const workers =
          jobs === undefined ? config.parallel_workers : Math.min(config.parallel_workers, jobs);
        deps.logger.info('parallel', `Pre-fetching job descriptions with ${workers} workers...`);
      }),
      research: (name, job) => {
        const company = companies.find((c) => c.name === name);
        if (!company) return researcher.researchCompany({ company: name, job });
        const source = resolveSource(company);
        const options = config.sources[source.kind];
        return researcher.researchCompany({ company: name, job, source, ctx: { company, options, deps } });
      },
      pdf: options.pdf,
    };
    const cap = options.limit ?? config.max_applications;
    // A run-wide cap needs every company's candidates to rank them; otherwise nothing waits.
    const waitForAll = options.mode === 'staged' || cap !== undefined || options.dryRun;
    const pending: CompanyOutcome[] = [];
    const inFlight: Promise<void>[] = [];
    const previous = Object.fromEntries(
      companies.map((c) => [c.name, state.board(boardKey(c.name))?.validators]),
    );
    for await (const scrape of scrapeAll(companies, config.sources, deps, previous)) {
      if (deps.signal.aborted) break;
      const outcome = await selectForCompany(scrape, { config, options, state, ledger, matcher, deps });
      if (waitForAll) pending.push(outcome);
      else {
        ledger.select(outcome.selected);
        inFlight.push(...outcome.selected.map((job) => runJob(job, ctx)));
      }
    }
    if (waitForAll) {
      const chosen = rankAndCap(
        pending.flatMap((o) => o.selected),
        cap,
      );
      ledger.select(chosen);
      logSelection(ledger, deps);
      if (!options.dryRun && chosen.length > 0) {
        ctx.announceFetch(chosen.length);
        inFlight.push(runStaged(chosen, ctx, options.mode === 'staged'));
      }
    } else {
      logSelection(ledger, deps);
    }
    await settle(inFlight, ledger);
    if (!options.dryRun && inFlight.length > 0)
      deps.logger.info('parallel', 'Job description fetching complete!');
    ledger.cancelled ||= deps.signal.aborted;
    await adoptEarlierAttempts(runDir, earlier.applications, ledger);
    const usage = generator.usage();
    const summary = ledger.summary({
      runId: options.runId,
      configFile: config.config_file,
      dryRun: options.dryRun,
      tokens: { prompt: usage.promptTokens, completion: usage.completionTokens },
      costUsd: usage.costUsd,
    });
    summary.exitCode = exitCodeFor(summary);
    // summary.json last: its presence marks the run finished (latestUnfinishedRun), so a kill
    // before it leaves the run to be continued, not a finished run without its review page.
    if (!options.dryRun) await writeReviewPage(runDir, summary, ledger.records, ledger.coverLetters);
    await writeSummary(runDir, summary, { githubStepSummary: options.githubStepSummary });
    return summary;
  } finally {
    await state.close();
  }
}

export const boardKey = (company: string): string => company.toLowerCase();

function runJob(job: ScoredJob, ctx: JobFlowContext): Promise<void> {
  ctx.announceFetch();
  return fetchJob(job, ctx).then((fetched) => completeJob(fetched, ctx));
}

/** Staged: every description first (p-map), then every generation; streaming: per job. */
async function runStaged(jobs: ScoredJob[], ctx: JobFlowContext, staged: boolean): Promise<void> {
  if (!staged) {
    await settle(
      jobs.map((job) => runJob(job, ctx)),
      ctx.ledger,
    );
    return;
  }
  const fetched: FetchedJob[] = await fetchDescriptions(jobs, ctx.fetch);
  await settle(
    fetched.map((job) => completeJob(job, ctx)),
    ctx.ledger,
  );
}

function once<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let done = false;
  return (...args) => {
    if (done) return;
    done = true;
    fn(...args);
  };
}

function rankAndCap(jobs: ScoredJob[], cap: number | undefined): ScoredJob[] {
  const ranked = [...jobs].sort(
    (a, b) => b.score.total - a.score.total || a.listing.id.localeCompare(b.listing.id),
  );
  return cap === undefined ? ranked : ranked.slice(0, cap);
}

function logSelection(ledger: RunLedger, deps: Deps): void {
  deps.logger.info('filter', `Processing ${ledger.selected} jobs (out of ${ledger.listings} total)`);
}

/** Waits for every task; Ctrl-C marks the run cancelled, anything unexpected is a recorded failure. */
async function settle(tasks: Promise<void>[], ledger: RunLedger): Promise<void> {
  const results = await Promise.allSettled(tasks);
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (result.reason instanceof CancelledError) ledger.cancelled = true;
    else ledger.fail('(run)', null, 'pipeline', describeError(result.reason));
  }
}

/**
 * A continued run (see latestUnfinishedRun) also lists what its killed attempts wrote in the same
 * folder, so that its summary and review page cover the whole run, not the last attempt alone.
 */
async function adoptEarlierAttempts(
  runDir: string,
  earlier: CompleteApplication[],
  ledger: RunLedger,
): Promise<void> {
  const mine = new Set(ledger.applications.map((a) => a.id));
  for (const { record, folder } of earlier) {
    if (mine.has(record.id)) continue;
    const letter = await readFile(path.join(runDir, folder, COVER_LETTER_FILE), 'utf8').catch(() => null);
    ledger.adopt(record, folder, letter);
  }
}

/** Fails before any scraping when the output folder cannot be written. */
async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (cause) {
    throw new OutputError(
      dir,
      'cannot create or write the output folder; set output_dir or --out to a writable place',
      {
        cause,
      },
    );
  }
}

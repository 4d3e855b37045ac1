import path from 'node:path';
import type { RunContext, StageDeps } from '../app/context.js';
import type { Config } from '../config/schema.js';
import { CancelledError, describeError } from '../errors.js';
import { fetchDescriptions } from '../fetch/index.js';
import type { FetchContext, FetchedJob } from '../fetch/types.js';
import { createCompanyResearcher } from '../generate/index.js';
import { filterLine } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import { ensureWritable } from '../output/ensure-writable.js';
import { exitCodeFor, writeReviewPage, writeRunIndex, writeSummary } from '../output/index.js';
import type { RunSummary } from '../output/types.js';
import { resolveSource } from '../sources/detect.js';
import { scrapeAll } from '../sources/scrape.js';
import { boardKey, openBoardStore } from '../stores/board-store.js';
import { adoptEarlierAttempts, type CandidateRun, openCandidates } from './candidates.js';
import { createChannel } from './channel.js';
import { pickCandidates, pickCompanies, scrapeOrder } from './companies.js';
import { recordBoard, selectForCandidate, who } from './company-flow.js';
import { completeJob, type JobFlowShared } from './job-flow.js';
import { StageProgress } from './progress.js';

export interface MatchOptions {
  /** Scrape, score and select only: no descriptions, no LLM, only the summaries written. */
  dryRun: boolean;
  /** Redo jobs handled in earlier runs. */
  force: boolean;
  /** Only these companies (names as configured, any case). Empty: all. */
  companies: string[];
  /** Only these candidates (ids). Empty: all. */
  candidates: string[];
  /** At most this many applications per candidate in this run (overrides `max_applications`). */
  limit?: number;
  /** Take a stable share of the companies: shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** Render PDFs (needs the browser). */
  pdf: boolean;
  /**
   * Jobs a candidate said no to (the service's "not interested" marks): never proposed again,
   * even with `force`.
   */
  declined?: (candidate: string, jobId: string) => boolean;
  /** $GITHUB_STEP_SUMMARY, passed in by the CLI. */
  githubStepSummary?: string;
}

export interface CandidateOutcome {
  id: string;
  /** The candidate's folder (the run folder itself for the one-candidate shorthand). */
  dir: string;
  summary: RunSummary | null;
  /** Why the candidate was skipped (an unreadable resume). */
  skipped: string | null;
}

export interface MatchResult {
  runId: string;
  runDir: string;
  outcomes: CandidateOutcome[];
  cancelled: boolean;
  exitCode: 0 | 1 | 130;
}

type Deferred = { promise: Promise<FetchedJob>; resolve(f: FetchedJob): void; reject(e: unknown): void };

function deferred(): Deferred {
  let resolve!: (f: FetchedJob) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<FetchedJob>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The match run, and the only place that knows the stage order: profiles -> sources -> match ->
 * fetch -> (rescore) -> generate -> output, streaming per company. Every board is scraped once,
 * every description fetched once and every company researched once, for all the candidates;
 * each candidate is matched, selected and written for on their own terms.
 */
export async function runPipeline(
  config: Config,
  options: MatchOptions,
  services: Omit<StageDeps<'http' | 'browser' | 'llm' | 'llmLimiter' | 'clock'>, 'signal' | 'logger'>,
  ctx: RunContext,
): Promise<MatchResult> {
  const deps = { ...services, signal: ctx.signal, logger: ctx.logger };
  const companies = pickCompanies(config.companies, options);
  const wanted = pickCandidates(config.candidates, options.candidates);
  const runDir = path.join(config.output_dir, ctx.runId);
  await ensureWritable(runDir);
  const progress = new StageProgress(ctx.events);
  const boards = await openBoardStore(config.state_file, config.cache_dir, () => deps.clock.now());
  const { runs, skipped } = await openCandidates(config, wanted, runDir, boards, deps, progress);
  const several = config.candidate_folders;
  try {
    const researcher = createCompanyResearcher(deps.logger);
    const interested = new Map<string, Set<string>>();
    const shared: JobFlowShared = {
      deps,
      runId: ctx.runId,
      pdf: options.pdf,
      research: (name, job) => {
        const company = companies.find((c) => c.name === name);
        const first = researcher.researchCompany({
          company: name,
          job,
          ...(company
            ? {
                source: resolveSource(company),
                ctx: { company, options: config.sources[resolveSource(company).kind], deps },
              }
            : {}),
        });
        const count = interested.get(name)?.size ?? 0;
        if (several && count > 0 && interested.delete(name))
          deps.logger.info('research', `${name}: once for ${count} candidate${count === 1 ? '' : 's'}`);
        return first;
      },
    };
    const fetchCtx: FetchContext = {
      deps,
      workers: config.parallel_workers,
      cacheDir: config.cache_dir,
      sources: config.sources,
      companies,
    };
    // Each description once for the run: the first candidate to want a job queues it.
    const queue = createChannel<ScoredJob>();
    const descriptions = new Map<string, Deferred & { result?: FetchedJob; ms?: number }>();
    const wanters = new Map<string, CandidateRun[]>();
    const countFetch = (run: CandidateRun, result: FetchedJob, ms: number) => {
      const ok = result.fetchError === null;
      run.ledger.count('fetch', 1, ok ? 1 : 0, ms, ok ? 0 : 1);
    };
    const engine = fetchDescriptions(queue, fetchCtx, {
      preload: !options.dryRun,
      onFetched(result, ms) {
        const entry = descriptions.get(result.listing.id)!;
        Object.assign(entry, { result, ms });
        progress.settle('fetch', result.fetchError === null);
        for (const run of wanters.get(result.listing.id) ?? []) countFetch(run, result, ms);
        entry.resolve(result);
      },
    });
    // Read by settle() once scraping is over; a Ctrl-C while boards are still read rejects it
    // earlier, which must not end the process as an unhandled rejection before the summary.
    engine.catch(() => {});
    const tasks: Promise<void>[] = [];
    const enqueue = (run: CandidateRun, job: ScoredJob) => {
      const id = job.listing.id;
      let entry = descriptions.get(id);
      if (!entry) {
        entry = deferred();
        descriptions.set(id, entry);
        wanters.set(id, []);
        progress.expect('fetch', 1);
        queue.push(job);
      }
      wanters.get(id)!.push(run);
      if (entry.result) countFetch(run, entry.result, entry.ms ?? 0);
      const company = interested.get(job.listing.company) ?? new Set<string>();
      interested.set(job.listing.company, company.add(run.candidate.id));
      progress.expect('generate', 1);
      progress.expect('output', 1);
      const task = entry.promise.then((fetched) =>
        completeJob({ ...job, detail: fetched.detail, fetchError: fetched.fetchError }, run, shared),
      );
      // settle() reads every outcome once scraping is over; until then a job cancelled by Ctrl-C
      // must not count as an unhandled rejection, which would end the process before the summary.
      task.catch(() => {});
      tasks.push(task);
    };

    const capOf = (run: CandidateRun) => options.limit ?? run.candidate.max_applications;
    // A cap needs every company's candidates to rank them; otherwise nothing waits.
    const waits = (run: CandidateRun) => capOf(run) !== undefined || options.dryRun;
    const pending = new Map<CandidateRun, ScoredJob[]>(runs.map((run) => [run, []]));
    const previous = Object.fromEntries(
      await Promise.all(
        companies.map(async (c) => [c.name, await boards.validators(boardKey(c.name))] as const),
      ),
    );
    // Match first: a task's live progress is its run's latest count, and until the first board
    // answers that should be the scrape's, not "match 0/7".
    progress.expect('match', companies.length * runs.length);
    progress.expect('scrape', companies.length);
    try {
      const order = scrapeOrder(companies, (c) => boards.lastDurationMs(boardKey(c.name)));
      for await (const scrape of scrapeAll(order, config.sources, deps, previous)) {
        progress.settle('scrape', scrape.error === null);
        if (ctx.signal.aborted) break;
        const board = await recordBoard(scrape, boards, deps);
        for (const run of runs) {
          const selected = selectForCandidate(board, run, options.force, options.declined);
          progress.settle('match', true);
          if (waits(run)) pending.get(run)!.push(...selected);
          else {
            run.ledger.select(selected);
            for (const job of selected) enqueue(run, job);
          }
        }
      }
      for (const run of runs) {
        if (!waits(run)) continue;
        const chosen = rankAndCap(pending.get(run)!, capOf(run));
        run.ledger.select(chosen);
        if (!options.dryRun) for (const job of chosen) enqueue(run, job);
      }
      for (const run of runs) {
        const { selected, listings } = run.ledger;
        deps.logger.info('filter', `${who(run.candidate, several)}${filterLine(selected, listings)}`);
      }
    } finally {
      queue.close();
    }
    const cancelled = await settle(engine, tasks, descriptions.values(), runs);

    const outcomes: CandidateOutcome[] = [];
    for (const run of runs) {
      run.ledger.cancelled ||= cancelled || ctx.signal.aborted;
      await adoptEarlierAttempts(run);
      const usage = run.generator.usage();
      const summary = run.ledger.summary({
        runId: ctx.runId,
        configFile: config.config_file,
        dryRun: options.dryRun,
        tokens: { prompt: usage.promptTokens, completion: usage.completionTokens },
        costUsd: usage.costUsd,
      });
      if (several) summary.candidate = run.candidate.id;
      summary.exitCode = exitCodeFor(summary);
      if (!options.dryRun)
        await writeReviewPage(run.dir, summary, run.ledger.records, run.ledger.coverLetters);
      await writeSummary(run.dir, summary, { githubStepSummary: options.githubStepSummary });
      outcomes.push({ id: run.candidate.id, dir: run.dir, summary, skipped: null });
    }
    for (const s of skipped) {
      outcomes.push({
        id: s.id,
        dir: path.join(runDir, s.id),
        summary: null,
        skipped: `${s.file}: ${s.reason}`,
      });
    }
    progress.finish();
    if (several) await writeRunIndex(runDir, ctx.runId, outcomes);
    const anyCancelled = outcomes.some((o) => o.summary?.cancelled);
    const exitCode: MatchResult['exitCode'] = anyCancelled
      ? 130
      : skipped.length > 0 || outcomes.some((o) => o.summary?.exitCode === 1)
        ? 1
        : 0;
    return { runId: ctx.runId, runDir, outcomes, cancelled: anyCancelled, exitCode };
  } finally {
    await Promise.all(runs.map((run) => run.handled.close()));
    await boards.flush();
  }
}

function rankAndCap(jobs: ScoredJob[], cap: number | undefined): ScoredJob[] {
  const ranked = [...jobs].sort(
    (a, b) => b.score.total - a.score.total || a.listing.id.localeCompare(b.listing.id),
  );
  return cap === undefined ? ranked : ranked.slice(0, cap);
}

/**
 * Waits for the fetch engine and every job. Ctrl-C stops the engine: the jobs still waiting for
 * a description are let go. True when the run was cancelled; anything unexpected is a failure.
 */
async function settle(
  engine: Promise<unknown>,
  tasks: Promise<void>[],
  waiting: Iterable<Deferred>,
  runs: CandidateRun[],
): Promise<boolean> {
  let cancelled = false;
  try {
    await engine;
  } catch (error) {
    if (error instanceof CancelledError) cancelled = true;
    else for (const run of runs) run.ledger.fail('(run)', null, 'fetch', describeError(error));
    for (const entry of waiting) entry.reject(error);
  }
  for (const result of await Promise.allSettled(tasks)) {
    if (result.status === 'fulfilled') continue;
    if (result.reason instanceof CancelledError) cancelled = true;
    else if (!cancelled)
      for (const run of runs) run.ledger.fail('(run)', null, 'pipeline', describeError(result.reason));
  }
  return cancelled;
}

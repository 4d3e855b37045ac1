import type { Clock } from '../infra/clock.js';
import type { ScoredJob } from '../match/types.js';
import type { ApplicationRecord, CompanySummary, RunSummary, StageSummary } from '../output/types.js';
import type { StageProgress } from './progress.js';

type StageName = StageSummary['name'];

interface StageSpan {
  in: number;
  out: number;
  failed: number;
  firstStart: number | null;
  lastEnd: number | null;
}

/**
 * What happened in a run, recorded as it happens. Stages overlap when streaming, so a stage's time
 * is the span from its first start to its last end, not a sum.
 */
export class RunLedger {
  readonly companies = new Map<string, CompanySummary>();
  readonly failures: RunSummary['failures'] = [];
  readonly warnings: string[] = [];
  readonly closed: RunSummary['closed'] = [];
  readonly applications: RunSummary['applications'] = [];
  readonly selections: NonNullable<RunSummary['selections']> = [];
  /** The written applications' job.json records and cover letters, for the review page. */
  readonly records: ApplicationRecord[] = [];
  readonly coverLetters = new Map<string, string>();
  private readonly stages = new Map<StageName, StageSpan>();
  private readonly startedAt: Date;
  listings = 0;
  selected = 0;
  cancelled = false;

  constructor(
    private readonly clock: Clock,
    /** The run's stage counters (events); shared by every candidate's ledger. */
    private readonly progress?: StageProgress,
  ) {
    this.startedAt = clock.now();
    for (const name of ['scrape', 'match', 'fetch', 'generate', 'output'] as const) {
      this.stages.set(name, { in: 0, out: 0, failed: 0, firstStart: null, lastEnd: null });
    }
  }

  company(name: string): CompanySummary {
    let entry = this.companies.get(name);
    if (!entry) {
      entry = {
        name,
        kind: null,
        listings: 0,
        selected: 0,
        done: 0,
        unchanged: false,
        error: null,
        warnings: [],
      };
      this.companies.set(name, entry);
    }
    return entry;
  }

  /** Times `work` as one unit of `stage`; `out` counts it when it resolves to true. */
  async track<T>(
    stage: StageName,
    work: () => Promise<T>,
    succeeded: (value: T) => boolean = () => true,
  ): Promise<T> {
    const span = this.stages.get(stage)!;
    const start = performance.now();
    span.firstStart ??= start;
    span.in += 1;
    try {
      const value = await work();
      const ok = succeeded(value);
      if (ok) span.out += 1;
      else span.failed += 1;
      this.progress?.settle(stage, ok);
      return value;
    } catch (error) {
      span.failed += 1;
      this.progress?.settle(stage, false);
      throw error;
    } finally {
      span.lastEnd = Math.max(span.lastEnd ?? 0, performance.now());
    }
  }

  /** Counts without timing, for stages that are pure computation on many items (match). */
  count(stage: StageName, input: number, output: number, ms: number, failed = 0): void {
    const span = this.stages.get(stage)!;
    const now = performance.now();
    span.firstStart = Math.min(span.firstStart ?? now - ms, now - ms);
    span.in += input;
    span.out += output;
    span.failed += failed;
    span.lastEnd = Math.max(span.lastEnd ?? 0, now);
  }

  /**
   * One board's scrape: a board in, its listings out, or a failed board; the stage's time runs
   * from the first board's start to the last board's end, as the boards overlap.
   */
  scraped(listings: number, failed: boolean, durationMs: number): void {
    this.count('scrape', 1, listings, durationMs, failed ? 1 : 0);
  }

  /** Records jobs chosen for an application. */
  select(jobs: ScoredJob[]): void {
    for (const { listing, score } of jobs) {
      this.selections.push({
        id: listing.id,
        company: listing.company,
        title: listing.title,
        score: score.total,
        url: listing.url,
      });
    }
    this.selected = this.selections.length;
  }

  /** An application an earlier, killed attempt of this run wrote: counted as selected and done. */
  adopt(record: ApplicationRecord, folder: string, coverLetter: string | null): void {
    this.records.push(record);
    if (coverLetter !== null) this.coverLetters.set(record.id, coverLetter);
    this.applications.push({
      id: record.id,
      company: record.company,
      title: record.title,
      score: (record.finalScore ?? record.score).total,
      folder,
    });
    const company = this.company(record.company);
    company.kind ??= record.kind;
    company.selected += 1;
    company.done += 1;
    this.selected += 1;
  }

  fail(company: string, job: string | null, stage: string, reason: string, code?: string): void {
    this.failures.push({ company, job, stage, reason, ...(code ? { code } : {}) });
    this.progress?.failed(stage, { company, job, reason, code: code ?? 'FAILED' });
  }

  stageSummaries(): StageSummary[] {
    return [...this.stages].map(([name, s]) => ({
      name,
      in: s.in,
      out: s.out,
      failed: s.failed,
      ms: s.firstStart === null || s.lastEnd === null ? 0 : Math.round(s.lastEnd - s.firstStart),
    }));
  }

  summary(base: {
    runId: string;
    configFile: string;
    dryRun: boolean;
    tokens: RunSummary['tokens'];
    costUsd: number;
  }): RunSummary {
    const applications = [...this.applications].sort(
      (a, b) => b.score - a.score || a.folder.localeCompare(b.folder),
    );
    return {
      runId: base.runId,
      startedAt: this.startedAt.toISOString(),
      finishedAt: this.clock.now().toISOString(),
      configFile: base.configFile,
      dryRun: base.dryRun,
      cancelled: this.cancelled,
      companies: [...this.companies.values()],
      stages: this.stageSummaries(),
      listings: this.listings,
      selected: this.selected,
      generated: applications.length,
      failures: this.failures,
      closed: this.closed,
      warnings: this.warnings,
      tokens: base.tokens,
      costUsd: base.costUsd,
      selections: [...this.selections].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)),
      applications,
      exitCode: 0,
    };
  }
}

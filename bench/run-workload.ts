import { setMaxListeners } from 'node:events';
import { realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ChildStats, startSimulatorChild } from '../sim/child.js';
import { createRunEvents } from '../src/app/events.js';
import { loadConfig } from '../src/config/load.js';
import { describeError } from '../src/errors.js';
import { createLimiter } from '../src/generate/limiter.js';
import { type BrowserProvider, LazyBrowser } from '../src/infra/browser.js';
import { systemClock } from '../src/infra/clock.js';
import { KyHttpClient } from '../src/infra/http/client.js';
import { createLlmClient } from '../src/infra/llm.js';
import { BaseLogger, type LogRecord } from '../src/infra/logger.js';
import { runPipeline } from '../src/pipeline/run.js';
import { benchScoring } from './match.js';
import { childrenCpuMs, PROJECT_ROOT } from './proc.js';
import { type WorkloadName, workload } from './workloads.js';

/**
 * One measured run, in a process of its own (forked by bench/main.ts): the simulator and the LLM
 * server run in a further child, so this process's CPU time and peak RSS are the pipeline's.
 */

/**
 * One candidate, the same workload for three candidates at once (boards read once), or one
 * candidate's later run: the workload run once unmeasured, then again on the same state (the
 * boards' validators and durations known, as for every scheduled run after the first).
 */
export type RunMode = 'streaming' | 'three-candidates' | 'later-run';

export interface RunResult {
  workload: WorkloadName;
  mode: RunMode;
  wallMs: number;
  cpuMs: number;
  /** process.resourceUsage().maxRSS at the end, in bytes (the process's peak). */
  peakRssBytes: number;
  /** RSS before the run started (the runtime and the loaded modules). */
  startRssBytes: number;
  listings: number;
  selected: number;
  generated: number;
  failures: string[];
  /** Generated jobs per company, for the bound. */
  generatedBy: Record<string, number>;
  /** Time per stage as the run's ledger counted it (summed over jobs, so above wall time). */
  stages: Record<string, number>;
  sim: ChildStats;
  /** Chromium launches, contexts opened, the most open at once, and Chromium's CPU time. */
  browser: { launches: number; contexts: number; maxOpen: number; cpuMs: number | null };
  warnings: number;
  errors: string[];
}

/**
 * Counts warnings and keeps the first errors; with `trace`, every line goes to stderr with the
 * milliseconds since the start, to see where a run waits.
 */
class BenchLogger extends BaseLogger {
  warnings = 0;
  readonly errors: string[] = [];
  private readonly started = performance.now();
  constructor(private readonly trace: boolean) {
    super(trace ? 'debug' : 'info');
  }
  protected write(record: LogRecord): void {
    const line = `[${record.scope.trim()}] ${record.message}`;
    if (this.trace) process.stderr.write(`${Math.round(performance.now() - this.started)} ${line}\n`);
    if (record.level === 'warn') this.warnings++;
    if (record.level === 'error' && this.errors.length < 5) this.errors.push(line);
  }
}

/** Counts the contexts the real browser provider hands out, and how many are open at once. */
class CountingBrowser implements BrowserProvider {
  contexts = 0;
  maxOpen = 0;
  private open = 0;
  constructor(readonly inner: LazyBrowser) {}
  get started(): boolean {
    return this.inner.started;
  }
  async newContext() {
    const context = await this.inner.newContext();
    this.contexts++;
    this.maxOpen = Math.max(this.maxOpen, ++this.open);
    context.once('close', () => this.open--);
    return context;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const RESUME = path.join(PROJECT_ROOT, 'sim', 'demo', 'resume.md');

export async function runWorkload(name: WorkloadName, mode: RunMode, trace = false): Promise<RunResult> {
  const w = workload(name);
  const sim = await startSimulatorChild({
    boards: w.boards,
    seed: 42,
    ...(w.llmMs === null ? {} : { llmLatencyMs: w.llmMs }),
  });
  const dir = await mkdtemp(path.join(tmpdir(), `jm-bench-${name}-`));
  const logger = new BenchLogger(trace);
  const abort = new AbortController();
  // One run-wide signal is listened to by every request in flight (8 LLM requests and 16 scrapes
  // here): more than Node's default of 10 is expected, not a leak.
  setMaxListeners(0, abort.signal);
  let browser: CountingBrowser | null = null;
  try {
    const file = path.join(dir, 'config.json');
    const input = w.config({
      origin: sim.origin,
      llmBaseUrl: sim.llmBaseUrl,
      resume: RESUME,
      outputDir: path.join(dir, 'output'),
    });
    const written =
      mode === 'three-candidates'
        ? {
            ...input,
            resume: undefined,
            candidates: ['c1', 'c2', 'c3'].map((id) => ({ id, resume: RESUME })),
          }
        : input;
    await writeFile(file, JSON.stringify(written, null, 2));
    const config = await loadConfig(file);
    browser = new CountingBrowser(new LazyBrowser(config.browser, logger));
    // The services as createServices builds them, with a browser that counts its launches.
    const services = {
      http: new KyHttpClient({ ...config.http, logger }),
      browser,
      llm: config.llm.provider === 'openai' ? createLlmClient(config.llm, 'bench-key') : null,
      llmLimiter: createLimiter({
        concurrency: config.llm.concurrency,
        requestsPerInterval: config.llm.requests_per_minute,
      }),
      clock: systemClock,
    };
    const options = { dryRun: w.dryRun, force: true, companies: [], candidates: [], pdf: false };
    if (mode === 'later-run') {
      const context = {
        runId: `bench-${name}-first`,
        signal: abort.signal,
        logger,
        events: createRunEvents(),
      };
      await runPipeline(config, options, services, context);
    }
    const startRssBytes = process.memoryUsage.rss();
    const childCpuStart = await childrenCpuMs();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const result = await runPipeline(config, options, services, {
      runId: `bench-${name}-${mode}`,
      signal: abort.signal,
      logger,
      events: createRunEvents(),
    });
    const summaries = result.outcomes.flatMap((o) => (o.summary ? [o.summary] : []));
    const summary = {
      applications: summaries.flatMap((s) => s.applications),
      listings: summaries[0]?.listings ?? 0,
      selected: summaries.reduce((n, s) => n + s.selected, 0),
      generated: summaries.reduce((n, s) => n + s.generated, 0),
      failures: summaries.flatMap((s) => s.failures),
      stages: summaries[0]?.stages ?? [],
    };
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    await browser.close();
    const childCpuEnd = await childrenCpuMs();
    const generatedBy: Record<string, number> = {};
    for (const app of summary.applications) generatedBy[app.company] = (generatedBy[app.company] ?? 0) + 1;
    return {
      workload: name,
      mode,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes,
      startRssBytes,
      listings: summary.listings,
      selected: summary.selected,
      generated: summary.generated,
      failures: summary.failures.slice(0, 5).map((f) => `${f.company}: ${f.stage}: ${f.reason}`),
      generatedBy,
      stages: Object.fromEntries(summary.stages.map((s) => [s.name, s.ms])),
      sim: await sim.stats(w.watch),
      browser: {
        launches: browser.inner.launches,
        contexts: browser.contexts,
        maxOpen: browser.maxOpen,
        cpuMs: childCpuStart === null || childCpuEnd === null ? null : childCpuEnd - childCpuStart,
      },
      warnings: logger.warnings,
      errors: logger.errors,
    };
  } finally {
    await browser?.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Forked by bench/main.ts with `<workload> <mode>` (or `match`, the scoring throughput of
 * bench/match.ts); answers over IPC.
 */
async function main(): Promise<void> {
  const [name, mode, trace] = process.argv.slice(2) as [WorkloadName | 'match', RunMode, string?];
  let message: unknown;
  try {
    message =
      name === 'match'
        ? { ok: true, match: await benchScoring() }
        : { ok: true, result: await runWorkload(name, mode, trace === 'trace') };
  } catch (error) {
    message = { ok: false, error: describeError(error), stack: (error as Error)?.stack ?? null };
  }
  // Exit once the answer is out: a lingering keep-alive socket must not hold the process.
  process.send?.(message, () => process.exit(0));
}

const entry = process.argv[1];
if (entry && process.send && import.meta.url === pathToFileURL(realpathSync(entry)).href) await main();

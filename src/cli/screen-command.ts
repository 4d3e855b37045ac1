import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createServices } from '../app/create-services.js';
import { createRunEvents } from '../app/events.js';
import { newRunId } from '../app/run-records.js';
import type { JobSource } from '../batch/job-input.js';
import { ParsePool } from '../batch/parse-pool.js';
import { gatherResumes } from '../batch/resume-set.js';
import { runBatch } from '../batch/run-batch.js';
import { formatIssues, loadScreenConfig } from '../config/load.js';
import { ScreenConfig } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import { BaseLogger, type LogLevel, type LogRecord } from '../infra/logger.js';
import { DirStore } from '../infra/storage/dir-store.js';
import { MemoryStore } from '../infra/storage/memory-store.js';
import { Requirements } from '../screen/criteria.js';
import { createScreenKind } from '../screen/kind.js';
import { rankingRow } from '../screen/report.js';
import { revealCandidates } from '../screen/reveal.js';
import type { ScreenOptions, ScreenSummary } from '../screen/types.js';
import { attachBatchProgress } from './batch-progress.js';
import type { CliIo } from './run-cli.js';
import { parseScreenArgs, type ScreenArgs } from './screen-args.js';

/** Log lines through the progress display, so they print above the bar and into --log-file. */
class LineLogger extends BaseLogger {
  constructor(
    private readonly line: (text: string) => void,
    minLevel: LogLevel,
  ) {
    super(minLevel);
  }
  protected write(record: LogRecord): void {
    const mark = record.level === 'warn' ? 'warning: ' : record.level === 'error' ? 'error: ' : '';
    this.line(`[${record.scope.trim()}] ${mark}${record.message}`);
  }
}

async function readCriteria(file: string, cwd: string): Promise<Requirements> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError(
      `${path.relative(cwd, file) || file}: not a readable JSON file (${(cause as Error).message})`,
      { cause },
    );
  }
  const parsed = Requirements.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(formatIssues(file, parsed.error.issues, cwd));
  return parsed.data;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * `screen`: gathers the job and resumes into the task's inputs, runs the screen kind through
 * runBatch with the progress display, prints the shortlist, and returns the exit code: 0 all
 * screened, 1 some not screened, 2 bad usage or an unreadable job, 130 cancelled.
 */
export async function runScreenCommand(argv: string[], io: CliIo): Promise<number> {
  const args: ScreenArgs = parseScreenArgs(argv, io.stdout);
  if (args.help) return 0;
  const config = args.config ? await loadScreenConfig(args.config, { cwd: io.cwd }) : ScreenConfig.parse({});
  const settings = config.screen;
  const at = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : path.resolve(io.cwd, p);
  if (args.reveal) return revealCommand(args, args.reveal, io);
  if (!args.job) throw new UsageError('screen: give the job with --job <file|url>');
  if (!args.resumes) throw new UsageError('screen: give the resumes with --resumes <folder|zip>');
  const options: ScreenOptions = {
    llm: args.llm ?? settings.llm,
    blind: args.blind ?? settings.blind,
    reveal: settings.reveal,
    top: args.top ?? settings.top ?? null,
    minScore: args.minScore ?? settings.min_score,
  };
  const apiKey = io.env['OPENAI_API_KEY'] ?? null;
  if (options.llm && (config.llm.provider !== 'openai' || !apiKey)) {
    throw new UsageError(
      'screen: --llm needs OPENAI_API_KEY in the environment and llm.provider "openai"; or run without --llm',
    );
  }
  const criteriaFile = at(args.criteria) ?? settings.criteria;
  const criteria = criteriaFile ? await readCriteria(criteriaFile, io.cwd) : null;
  const clock = io.clock;
  const runId = `screen-${newRunId((clock ?? { now: () => new Date() }).now())}`;
  const outputDir = path.resolve(io.cwd, config.output_dir);
  const outDir = at(args.out) ?? settings.out ?? path.join(outputDir, runId);
  if (!args.force && (await exists(path.join(outDir, 'ranking.json')))) {
    throw new UsageError(
      `${outDir}: already holds a screening; pass --force to write over it, or choose another --out`,
    );
  }
  await mkdir(outDir, { recursive: true });

  const inputs = new MemoryStore();
  let job: JobSource;
  if (/^https?:\/\//i.test(args.job)) {
    job = { url: args.job };
  } else {
    const file = path.resolve(io.cwd, args.job);
    const bytes = await readFile(file).catch((cause: unknown) => {
      throw new UsageError(
        `--job ${args.job}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? cause}); give a job file or a posting URL`,
        { cause },
      );
    });
    job = { file: `job/${path.basename(file)}` };
    await inputs.write(job.file, bytes);
  }
  const gathered = await gatherResumes(path.resolve(io.cwd, args.resumes), inputs);

  const events = createRunEvents();
  const isTty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const progress = attachBatchProgress(events, {
    stream: io.stderr,
    live: isTty && !io.env['CI'],
    ...((at(args.logFile) ?? settings.log_file) ? { logFile: at(args.logFile) ?? settings.log_file } : {}),
  });
  const logger = new LineLogger((text) => progress.line(text), args.verbose ? 'debug' : 'info');
  const services = createServices(config, io.env, {
    logger,
    generate: options.llm,
    ...(clock ? { clock } : {}),
  });
  const parser = new ParsePool();
  const cacheDir = config.cache_dir ? path.resolve(io.cwd, config.cache_dir) : path.join(outputDir, '.cache');
  const kind = createScreenKind({ parser, modelCache: args.force ? null : new DirStore(cacheDir) });
  const ctx = { runId, signal: io.signal, logger, events };
  try {
    events.emit({ type: 'run-started', runId, kind: kind.kind });
    const { result } = await runBatch(
      kind,
      { job, criteria, gathered, options, sources: config.sources },
      { services, inputs, files: new DirStore(outDir) },
      ctx,
      { concurrency: args.concurrency ?? settings.concurrency },
    );
    events.emit({ type: 'run-finished', runId, state: io.signal.aborted ? 'cancelled' : 'succeeded' });
    await progress.close();
    printResult(result, outDir, args.json, io);
    if (io.signal.aborted) return 130;
    return result.notScreened.length > 0 ? 1 : 0;
  } finally {
    await progress.close();
    await parser.close();
    await services.close();
  }
}

/** `--reveal <ids> --out <folder>`: names back for those candidates of a finished screening. */
async function revealCommand(args: ScreenArgs, ids: string[], io: CliIo): Promise<number> {
  if (!args.out) {
    throw new UsageError('screen: --reveal needs the finished screening, --out output/screen-<id>');
  }
  if (args.job || args.resumes) {
    throw new UsageError(
      'screen: --reveal shows names in a finished screening; give it with --out, without --job or --resumes',
    );
  }
  const folder = path.resolve(io.cwd, args.out);
  const parser = new ParsePool();
  try {
    const now = (io.clock ?? { now: () => new Date() }).now();
    const revealed = await revealCandidates(new DirStore(folder), args.out, ids, parser, now);
    if (args.json) {
      io.stdout.write(`${JSON.stringify({ out: folder, revealed })}\n`);
    } else {
      const lines = revealed.map((r) => `  ${r.id} ${r.file}: ${r.name ?? '(no name found in the resume)'}`);
      io.stdout.write(
        `Revealed ${revealed.length} in ${path.join(args.out, 'index.html')} (logged in revealed.json):\n${lines.join('\n')}\n`,
      );
    }
    return 0;
  } finally {
    await parser.close();
  }
}

function printResult(summary: ScreenSummary, outDir: string, json: boolean, io: CliIo): void {
  const shown = path.relative(io.cwd, outDir) || outDir;
  if (json) {
    const ranking = summary.ranked.map(rankingRow);
    io.stdout.write(
      `${JSON.stringify({ out: outDir, ranking, notScreened: summary.notScreened, discardedQuotes: summary.discardedQuotes })}\n`,
    );
    return;
  }
  const lines = [
    '',
    `Screened ${summary.ranked.length} resumes for ${summary.job.title ?? 'the job'}: ${path.join(shown, 'index.html')}`,
  ];
  for (const c of summary.ranked.filter((r) => r.shortlisted).slice(0, 10)) {
    const missing = c.assessment.missingMust.length
      ? `  missing: ${c.assessment.missingMust.join(', ')}`
      : '';
    lines.push(
      `  ${String(c.rank).padStart(3)}. ${String(c.assessment.score).padStart(3)}  ${c.name ? `${c.name} (${c.file})` : `${c.id} ${c.file}`}${missing}`,
    );
  }
  if (summary.notScreened.length > 0) {
    lines.push(`${summary.notScreened.length} not screened:`);
    for (const s of summary.notScreened) lines.push(`  - ${s.file}: ${s.reason}`);
  }
  if (summary.discardedQuotes > 0)
    lines.push(`${summary.discardedQuotes} model quotes not found in their resumes were discarded.`);
  lines.push('The tool ranks; a person decides.');
  io.stdout.write(`${lines.join('\n')}\n`);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { RunContext } from '../app/context.js';
import { createServices } from '../app/create-services.js';
import { createRunEvents } from '../app/events.js';
import { newRunId } from '../app/run-records.js';
import { ParsePool } from '../batch/parse-pool.js';
import { gatherResumes, RESUMES_PREFIX } from '../batch/resume-set.js';
import { runBatch } from '../batch/run-batch.js';
import { loadConfig } from '../config/load.js';
import { BrowserConfig, HttpConfig, LlmConfig, SourcesConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import { DirStore } from '../infra/storage/dir-store.js';
import { MemoryStore } from '../infra/storage/memory-store.js';
import { createTailorKind } from '../tailor/kind.js';
import type { TailorRequest, TailorSummary } from '../tailor/types.js';
import { attachBatchProgress } from './batch-progress.js';
import { createLogger } from './progress.js';
import type { CliIo } from './run-cli.js';

export interface TailorArgs {
  job: string;
  resumes: string;
  companyUrl?: string;
  workers?: number;
  template?: string;
  out?: string;
  logFile?: string;
  pdf: boolean;
  force: boolean;
  config?: string;
  verbose: boolean;
  json: boolean;
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('takes a whole number of at least 1');
  return n;
}

function httpUrl(value: string): string {
  if (!isUrl(value)) throw new InvalidArgumentError('takes an http(s) URL');
  return value;
}

/** Parses `tailor ...` (argv after the command word); null when help was printed. */
export function parseTailorArgs(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): TailorArgs | null {
  let result: TailorArgs | null = null;
  const program = new Command('job-matcher tailor')
    .description("Retarget many people's resumes to one customer's job: research once, then each resume.")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    })
    .requiredOption('--job <file|URL>', 'the job: a Markdown, text or HTML file, or the posting URL')
    .requiredOption(
      '--resumes <folder|zip>',
      'a folder or .zip of resumes (.docx, .pdf, .md, .txt, JSON Resume)',
    )
    .option('--company-url <URL>', "the customer's own page, read once for the research", httpUrl)
    .option('--workers <n>', 'resumes at once (default: llm.concurrency)', positiveInt)
    .option('--template <file.docx>', 'your DOCX template for resume.docx (tags: see the README)')
    .option('-o, --out <dir>', 'output folder (default: output_dir, else ./output)')
    .option('--log-file <file>', 'also write every log line to this file')
    .option('--no-pdf', 'skip the PDF files (no browser needed)')
    .option('--force', 'research again and replace files already written', false)
    .option('-c, --config <file>', 'config file for llm, http and browser settings')
    .option('-v, --verbose', 'debug logging', false)
    .option('--json', 'machine-readable JSON log lines', false)
    .action((opts) => {
      result = { ...opts } as TailorArgs;
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return null;
      throw new UsageError(error.message.replace(/^error: /, ''), { cause: error });
    }
    throw error;
  }
  return result;
}

/** The settings tailor reads: a config file's llm, http, browser and folders, or the defaults. */
async function settingsFor(args: TailorArgs, cwd: string) {
  if (args.config) {
    // --out moves the caches too, unless the file names them (as for match).
    const config = await loadConfig(args.config, {
      cwd,
      ...(args.out ? { outputDir: path.resolve(cwd, args.out) } : {}),
    });
    const { llm, http, browser, sources } = config;
    return { llm, http, browser, sources, outputDir: config.output_dir, cacheDir: config.cache_dir };
  }
  const outputDir = path.resolve(cwd, args.out ?? 'output');
  return {
    llm: LlmConfig.parse({}),
    http: HttpConfig.parse({}),
    browser: BrowserConfig.parse({}),
    sources: SourcesConfig.parse({}),
    outputDir,
    cacheDir: path.join(outputDir, '.cache'),
  };
}

/** The files the command line names, gathered into the task's input store (the service's uploads). */
async function inputsFor(
  args: TailorArgs,
  cwd: string,
  logger: Logger,
): Promise<{ inputs: MemoryStore; request: TailorRequest }> {
  const inputs = new MemoryStore();
  const passed = await gatherResumes(path.resolve(cwd, args.resumes), inputs);
  for (const p of passed) logger.warn('tailor', `${p.file}: skipped, ${p.reason}`);
  if ((await inputs.list(RESUMES_PREFIX)).length === 0)
    throw new UsageError(`--resumes ${args.resumes}: no resumes in it; put the people's resumes there`);
  let job: TailorRequest['job'];
  if (isUrl(args.job)) job = { url: args.job };
  else {
    const name = `job${path.extname(args.job).toLowerCase()}`;
    await inputs.write(name, await readInput(path.resolve(cwd, args.job), '--job'));
    job = { file: name };
  }
  const template = args.template ? `template/${path.basename(args.template)}` : null;
  if (args.template && template)
    await inputs.write(template, await readInput(path.resolve(cwd, args.template), '--template'));
  return {
    inputs,
    request: { job, companyUrl: args.companyUrl ?? null, template, pdf: args.pdf, force: args.force },
  };
}

async function readInput(file: string, option: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new UsageError(`${option} ${file}: cannot be read (${(cause as NodeJS.ErrnoException).code})`, {
      cause,
    });
  }
}

function exitCodeOf(summary: TailorSummary, cancelled: boolean): number {
  if (cancelled) return 130;
  if (summary.counts.tailored === 0) return summary.counts.failed > 0 ? 1 : 2;
  return summary.counts.failed > 0 ? 1 : 0;
}

function printOutcome(summary: TailorSummary, folder: string, io: CliIo): void {
  const shown = path.relative(io.cwd, folder) || folder;
  const { counts } = summary;
  const lines = [
    '',
    `${counts.tailored} of ${counts.resumes} resumes tailored to ${summary.job.title} at ${summary.job.company}: ${shown}/ (review: ${path.join(shown, 'index.html')})`,
  ];
  if (summary.failures.length > 0) {
    lines.push(`${summary.failures.length} failed:`);
    for (const f of summary.failures) lines.push(`  - ${f.file}: ${f.reason}`);
  }
  for (const s of summary.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

/** `job-matcher tailor`: exit 0 all tailored, 1 some failed, 2 bad input or nothing to do, 130 cancelled. */
export async function runTailor(argv: string[], io: CliIo): Promise<number> {
  const args = parseTailorArgs(argv, io);
  if (!args) return 0;
  const settings = await settingsFor(args, io.cwd);
  const logger = await createLogger({
    json: args.json,
    verbose: args.verbose,
    stream: io.stdout,
    isTty: Boolean(io.stdout.isTTY),
    ci: Boolean(io.env['CI']),
  });
  const services = createServices(settings, io.env, { logger, ...(io.clock ? { clock: io.clock } : {}) });
  const parser = new ParsePool();
  const events = createRunEvents();
  const progress = attachBatchProgress(events, {
    stream: io.stdout,
    live: Boolean(io.stdout.isTTY) && !io.env['CI'] && !args.json,
    ...(args.logFile ? { logFile: path.resolve(io.cwd, args.logFile) } : {}),
  });
  try {
    const { inputs, request } = await inputsFor(args, io.cwd, logger);
    const taskId = `tailor-${newRunId(services.clock.now())}`;
    const folder = path.join(settings.outputDir, taskId);
    const ctx: RunContext = { runId: taskId, signal: io.signal, logger, events };
    const kind = createTailorKind({
      llm: settings.llm,
      cacheDir: settings.cacheDir,
      researchCache: new DirStore(settings.cacheDir),
      parser,
      sources: settings.sources,
    });
    events.emit({ type: 'run-started', runId: taskId, kind: kind.kind });
    const { result } = await runBatch(kind, request, { services, inputs, files: new DirStore(folder) }, ctx, {
      concurrency: args.workers ?? settings.llm.concurrency,
    });
    events.emit({
      type: 'run-finished',
      runId: taskId,
      state: io.signal.aborted ? 'cancelled' : 'succeeded',
    });
    logger.close();
    printOutcome(result, folder, io);
    return exitCodeOf(result, io.signal.aborted);
  } finally {
    await progress.close();
    logger.close();
    await parser.close();
    await services.close();
  }
}

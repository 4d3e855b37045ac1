import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ConfigError, JobMatcherError } from '../errors.js';
import { LazyBrowser } from '../infra/browser.js';
import { type Clock, systemClock } from '../infra/clock.js';
import type { Deps } from '../infra/deps.js';
import { KyHttpClient } from '../infra/http/client.js';
import { createLlmClient } from '../infra/llm.js';
import { type Logger, TextLogger } from '../infra/logger.js';
import { latestUnfinishedRun, mergeRuns, newRunId } from '../output/index.js';
import type { RunSummary } from '../output/types.js';
import { runPipeline } from '../pipeline/run.js';
import { type MatchArgs, parseArgs } from './args.js';
import { createLogger } from './progress.js';
import { runScreenCommand } from './screen-command.js';
import { runServeCli } from './serve.js';
import { runTailor } from './tailor.js';
import { runWorker } from './worker.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
  clock?: Clock;
}

/**
 * The command line: parses argv, builds the Deps, runs, prints where the results are, and returns
 * the exit code (0 all done, 1 some companies or jobs failed, 2 bad input or usage, 130 cancelled).
 * Only this folder touches argv, stdout and exit codes.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === 'tailor') return await runTailor(argv.slice(1), io);
    // `serve` has its own command line (src/cli/serve.ts).
    if (argv[0] === 'serve') return await runServeCli(argv.slice(1), io);
    if (argv[0] === 'screen') return await runScreenCommand(argv.slice(1), io);
    if (argv[0] === 'worker') return await runWorker(argv.slice(1), io, new TextLogger(io.stderr));
    const args = parseArgs(argv, io.stdout, io.stderr);
    if (args.command === 'info') return 0;
    const logger = createLogger({
      json: args.json,
      verbose: args.verbose,
      stream: io.stdout,
      isTty: Boolean(io.stdout.isTTY),
      ci: Boolean(io.env['CI']),
    });
    try {
      if (args.command === 'merge') {
        const summary = await mergeRuns(
          args.runs.map((r) => path.resolve(io.cwd, r)),
          path.resolve(io.cwd, args.out),
          { githubStepSummary: io.env['GITHUB_STEP_SUMMARY'] },
        );
        logger.info(
          'merge',
          `${summary.generated} applications from ${args.runs.length} runs in ${args.out}`,
        );
        return summary.exitCode;
      }
      return await runMatch(args, io, logger);
    } finally {
      // The live display's last frame must be drawn before the outcome lines below it.
      logger.close();
    }
  } catch (error) {
    return reportFatal(error, io);
  }
}

async function runMatch(args: MatchArgs, io: CliIo, logger: Logger): Promise<number> {
  const config = await loadConfig(args.config, { cwd: io.cwd });
  if (args.out) config.output_dir = path.resolve(io.cwd, args.out);
  const clock = io.clock ?? systemClock;
  const apiKey = io.env['OPENAI_API_KEY'];
  const useLlm = config.llm.provider === 'openai' && Boolean(apiKey) && !args.dryRun;
  if (config.llm.provider === 'openai' && !apiKey && !args.dryRun) {
    logger.info('generate', 'no OPENAI_API_KEY in the environment: using the offline generator');
  }
  const deps: Deps = {
    http: new KyHttpClient({ ...config.http, logger, signal: io.signal }),
    browser: new LazyBrowser(config.browser, logger),
    llm: useLlm && apiKey ? createLlmClient(config.llm, apiKey) : null,
    logger,
    clock,
    outputRoot: config.output_dir,
    signal: io.signal,
  };
  try {
    // A run that was killed left a folder without summary.json: finish that one, not a new one.
    const unfinished = args.dryRun ? null : await latestUnfinishedRun(config.output_dir);
    if (unfinished) logger.info('run', `continuing the unfinished run ${unfinished}`);
    const summary = await runPipeline(
      config,
      {
        // latestUnfinishedRun gives the folder's path; the run id is its name.
        runId: unfinished ? path.basename(unfinished) : newRunId(clock.now()),
        dryRun: args.dryRun,
        force: args.force,
        companies: args.companies,
        limit: args.limit,
        shard: args.shard,
        mode: args.staged ? 'staged' : 'streaming',
        pdf: args.pdf,
        githubStepSummary: io.env['GITHUB_STEP_SUMMARY'],
      },
      deps,
    );
    (logger as { close?: () => void }).close?.();
    printOutcome(summary, config, io);
    return summary.exitCode;
  } finally {
    await deps.browser.close();
  }
}

function printOutcome(summary: RunSummary, config: Config, io: CliIo): void {
  const runDir = path.join(config.output_dir, summary.runId);
  const shown = path.relative(io.cwd, runDir) || runDir;
  const lines = [
    '',
    summary.dryRun
      ? `Dry run: ${summary.selected} jobs selected of ${summary.listings} listings. Summary: ${path.join(shown, 'summary.md')}`
      : `${summary.generated} of ${summary.selected} selected jobs written to ${shown}/ (review: ${path.join(shown, 'index.html')})`,
  ];
  if (summary.failures.length > 0) {
    lines.push(`${summary.failures.length} failed:`);
    for (const f of summary.failures) {
      // Source errors start with the company's name, already shown at the start of the line.
      const reason = f.reason.startsWith(`${f.company}: `) ? f.reason.slice(f.company.length + 2) : f.reason;
      lines.push(`  - ${f.company}${f.job ? ` / ${f.job}` : ''} [${f.stage}]: ${reason}`);
    }
  }
  if (summary.cancelled) lines.push('Cancelled: what was in flight was finished or left for the next run.');
  io.stdout.write(`${lines.join('\n')}\n`);
}

function reportFatal(error: unknown, io: CliIo): number {
  if (error instanceof ConfigError) {
    io.stderr.write(`${error.problems.join('\n')}\n`);
    return error.exitCode;
  }
  if (error instanceof JobMatcherError) {
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(
    `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}

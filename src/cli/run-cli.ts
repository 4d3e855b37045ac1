import path from 'node:path';
import { createServices } from '../app/create-services.js';
import { createRunEvents, type RunEvents } from '../app/events.js';
import { startMatchRun } from '../app/match-run.js';
import { loadConfig } from '../config/load.js';
import { ConfigError, JobMatcherError } from '../errors.js';
import { type Clock, systemClock } from '../infra/clock.js';
import { type Logger, TextLogger } from '../infra/logger.js';
import { mergeRuns } from '../output/index.js';
import type { MatchResult } from '../pipeline/run.js';
import { type MatchArgs, parseArgs } from './args.js';
import { createLogger } from './progress.js';

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
 * The command line: parses argv, builds the services, runs, prints where the results are, and
 * returns the exit code (0 all done, 1 some companies, jobs or candidates failed, 2 bad input or
 * usage, 130 cancelled). Only this folder touches argv, stdout and exit codes.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    // Each other command is imported when it is asked for: a match run does not load the HTTP
    // service, the queues, the screening or the DOCX templates (seconds of start-up CPU).
    if (argv[0] === 'screen')
      return await (await import('./screen-command.js')).runScreenCommand(argv.slice(1), io);
    if (argv[0] === 'tailor') return await (await import('./tailor.js')).runTailor(argv.slice(1), io);
    // `serve` has its own command line (src/cli/serve.ts).
    if (argv[0] === 'serve') return await (await import('./serve.js')).runServeCli(argv.slice(1), io);
    if (argv[0] === 'worker')
      return await (await import('./worker.js')).runWorker(argv.slice(1), io, new TextLogger(io.stderr));
    const args = parseArgs(argv, io.stdout, io.stderr);
    if (args.command === 'info') return 0;
    const logger = await createLogger({
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

/** The run's events on the terminal: counts drive the live display; --json prints the rest. */
function drawEvents(events: RunEvents, logger: Logger, json: boolean, out: NodeJS.WritableStream): void {
  events.on((event) => {
    if (event.type === 'progress') logger.progress(event);
    else if (json) out.write(`${JSON.stringify({ time: event.at, scope: 'event', ...event })}\n`);
  });
}

async function runMatch(args: MatchArgs, io: CliIo, logger: Logger & { close(): void }): Promise<number> {
  const config = await loadConfig(args.config, { cwd: io.cwd, outputDir: args.out });
  const clock = io.clock ?? systemClock;
  if (config.llm.provider === 'openai' && !io.env['OPENAI_API_KEY'] && !args.dryRun) {
    logger.info('generate', 'no OPENAI_API_KEY in the environment: using the offline generator');
  }
  const services = createServices(config, io.env, { logger, clock, generate: !args.dryRun });
  const events = createRunEvents(() => clock.now());
  drawEvents(events, logger, args.json, io.stdout);
  try {
    const result = await startMatchRun(
      config,
      {
        dryRun: args.dryRun,
        force: args.force,
        companies: args.companies,
        candidates: args.candidates,
        limit: args.limit,
        shard: args.shard,
        pdf: args.pdf,
        githubStepSummary: io.env['GITHUB_STEP_SUMMARY'],
      },
      services,
      { signal: io.signal, logger, events },
    );
    logger.close();
    printOutcome(result, args, io);
    return result.exitCode;
  } finally {
    await services.close();
  }
}

/** A path as the user gave it (--out relative to where they are), else absolute. */
function shownPath(dir: string, args: MatchArgs, io: CliIo, outputDir: string): string {
  if (args.out && !path.isAbsolute(args.out)) {
    const rel = path.relative(outputDir, dir);
    return path.join(args.out, rel);
  }
  const rel = path.relative(io.cwd, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

function printOutcome(result: MatchResult, args: MatchArgs, io: CliIo): void {
  const outputDir = path.dirname(result.runDir);
  const lines = [''];
  const several = result.outcomes.length > 1 || result.outcomes.some((o) => o.dir !== result.runDir);
  for (const outcome of result.outcomes) {
    const prefix = several ? `${outcome.id}: ` : '';
    const { summary } = outcome;
    if (!summary) {
      lines.push(`${prefix}skipped: ${outcome.skipped}`);
      continue;
    }
    const shown = shownPath(outcome.dir, args, io, outputDir);
    lines.push(
      summary.dryRun
        ? `${prefix}Dry run: ${summary.selected} job${summary.selected === 1 ? '' : 's'} selected of ${summary.listings} listings. Summary: ${path.join(shown, 'summary.md')}`
        : `${prefix}${summary.generated} of ${summary.selected} selected jobs written to ${shown}/ (review: ${path.join(shown, 'index.html')})`,
    );
    if (summary.failures.length > 0) {
      lines.push(`${prefix}${summary.failures.length} failed:`);
      for (const f of summary.failures) {
        lines.push(`  - ${f.company}${f.job ? ` / ${f.job}` : ''} [${f.stage}]: ${f.reason}`);
      }
    }
  }
  if (several)
    lines.push(`Run index: ${path.join(shownPath(result.runDir, args, io, outputDir), 'index.html')}`);
  if (result.cancelled) lines.push('Cancelled: what was in flight was finished or left for the next run.');
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

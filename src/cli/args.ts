import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { parseShard as parseShardSpec } from '../output/index.js';

export const VERSION = '0.1.0';

export interface MatchArgs {
  command: 'match';
  config: string;
  out?: string;
  dryRun: boolean;
  force: boolean;
  companies: string[];
  candidates: string[];
  limit?: number;
  shard?: { index: number; count: number };
  verbose: boolean;
  json: boolean;
  pdf: boolean;
}

export interface MergeArgs {
  command: 'merge';
  out: string;
  runs: string[];
  verbose: boolean;
  json: boolean;
}

/** --help and --version print and end with exit 0. */
export interface InfoArgs {
  command: 'info';
}

export type CliArgs = MatchArgs | MergeArgs | InfoArgs;

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
    return n;
  };
}

function parseShard(value: string): { index: number; count: number } {
  try {
    return parseShardSpec(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface Writable {
  write(chunk: string): unknown;
}

/** Parses argv (without node and script). Usage errors throw UsageError; help and version print. */
export function parseArgs(argv: string[], out: Writable, err: Writable): CliArgs {
  let result: CliArgs = { command: 'info' };
  const program = new Command('job-matcher')
    .description('Scrape career sites, score jobs against your resume, and write tailored applications.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.write(s),
      writeErr: (s) => err.write(s),
      // Usage errors are printed once, by the CLI, with the exit code they carry.
      outputError: () => undefined,
    })
    .showSuggestionAfterError();

  program
    .option('-c, --config <file>', 'config file (JSON or YAML)', 'config.json')
    .option('-o, --out <dir>', 'output folder (overrides output_dir)')
    .option('--dry-run', 'scrape, score and select only; write only the summary', false)
    .option('--force', 'redo jobs handled in earlier runs', false)
    .option('--company <name>', 'only this company (repeatable)', collect, [])
    .option('--candidate <id>', 'only this candidate (repeatable)', collect, [])
    .option('--limit <n>', 'at most n applications per candidate in this run', positiveInt('--limit'))
    .option('--shard <i/n>', 'take shard i of n of the companies (stable)', parseShard)
    .option('--no-pdf', 'skip PDF files (no browser needed)')
    .option('-v, --verbose', 'debug logging', false)
    .option('--json', 'machine-readable JSON log lines', false)
    .action((opts) => {
      result = {
        command: 'match',
        config: opts.config,
        out: opts.out,
        dryRun: opts.dryRun,
        force: opts.force,
        companies: opts.company,
        candidates: opts.candidate,
        limit: opts.limit,
        shard: opts.shard,
        verbose: opts.verbose,
        json: opts.json,
        pdf: opts.pdf,
      };
    });

  program
    .command('merge')
    .description('join the run folders of several shards into one summary and review page')
    .argument('<out>', 'folder for the merged run')
    .argument('<runs...>', 'run folders to merge')
    .option('-v, --verbose', 'debug logging', false)
    .option('--json', 'machine-readable JSON log lines', false)
    .action((outDir: string, runs: string[], opts) => {
      result = { command: 'merge', out: outDir, runs, verbose: opts.verbose, json: opts.json };
    });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return { command: 'info' };
      }
      throw new UsageError(error.message.replace(/^error: /, ''), { cause: error });
    }
    throw error;
  }
  return result;
}

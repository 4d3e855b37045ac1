import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';

/** `screen` options as typed; unset ones fall back to the config's `screen:` block, then defaults. */
export interface ScreenArgs {
  job?: string;
  resumes?: string;
  config?: string;
  concurrency?: number;
  top?: number;
  minScore?: number;
  criteria?: string;
  llm?: boolean;
  blind?: boolean;
  /** Candidate ids to show by name in a finished screening (given by --out). */
  reveal?: string[];
  out?: string;
  logFile?: string;
  json: boolean;
  force: boolean;
  verbose: boolean;
  /** --help was shown. */
  help: boolean;
}

function int(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

/** "a1b2c3, d4e5f6" -> ids; an empty list is a usage error. */
function ids(value: string): string[] {
  const list = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (list.length === 0)
    throw new InvalidArgumentError('--reveal takes candidate ids, e.g. --reveal a1b2c3,d4e5f6');
  return list;
}

export function parseScreenArgs(argv: string[], out: { write(s: string): unknown }): ScreenArgs {
  let parsed: Record<string, unknown> = {};
  const program = new Command('screen')
    .description('Rank a folder (or .zip) of resumes against one job, with evidence per criterion.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.write(s),
      writeErr: (s) => out.write(s),
      outputError: () => undefined,
    })
    .option('--job <file|url>', 'the job: .md, .txt, .pdf, .docx, .html, or a posting URL')
    .option('--resumes <folder|zip>', 'the resumes: a folder (searched recursively) or a .zip')
    .option('-c, --config <file>', 'config file with a screen: block and llm settings')
    .option('--concurrency <n>', 'resumes in flight at once (default 20)', int('--concurrency', 1, 200))
    .option('--top <n>', 'shortlist at most n candidates', int('--top', 1, 100_000))
    .option(
      '--min-score <0-100>',
      'shortlist only candidates scoring at least this',
      int('--min-score', 0, 100),
    )
    .option('--criteria <file>', 'an edited requirements.json to use instead of reading the job')
    .option('--llm', 'let the model assess each criterion (quotes are checked against the resume)')
    .option('--no-llm', 'rules only, no model')
    .option('--blind', 'hide names, contact, birth dates, age and gender words from the model and the report')
    .option(
      '--reveal <id,...>',
      'on a finished blind screening (--out <folder>): show these candidates by name, without screening again',
      ids,
    )
    .option('-o, --out <dir>', 'output folder (default <output_dir>/screen-<id>)')
    .option('--log-file <file>', 'keep every progress and log line in this file')
    .option('--json', 'print the result as JSON', false)
    .option('--force', 'write into an existing screening folder, and ask the model again', false)
    .option('-v, --verbose', 'debug logging', false)
    .action((opts) => {
      parsed = opts;
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help')
        return { json: false, force: false, verbose: false, help: true };
      throw new UsageError(error.message.replace(/^error: /, ''), { cause: error });
    }
    throw error;
  }
  return { ...(parsed as Omit<ScreenArgs, 'help'>), help: false };
}

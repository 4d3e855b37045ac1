import {
  JsonLogger,
  type Logger,
  type LogLevel,
  type ProgressUpdate,
  TextLogger,
  type WritableLike,
} from '../infra/logger.js';

/** The pipeline's stages in the order they are drawn; other stage names follow in order seen. */
export const PROGRESS_STAGES = ['scrape', 'match', 'fetch', 'generate', 'output'] as const;

/** What a terminal stream offers; process.stderr and a test's fake TTY both fit. */
export type TtyStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

const BAR_CHARS = 20;
const NAME_WIDTH = Math.max(...PROGRESS_STAGES.map((s) => s.length)) + 1;

/** One line of the live display, e.g. `fetch     [#########-----------]  12/27  failed 1`. */
export function progressLine(stage: string, update: ProgressUpdate | undefined): string {
  const name = stage.padEnd(NAME_WIDTH);
  if (!update) return `${name}waiting`;
  const finished = update.done + (update.failed ?? 0);
  const ratio = update.total > 0 ? Math.min(1, finished / update.total) : 1;
  const filled = Math.round(ratio * BAR_CHARS);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_CHARS - filled)}]`;
  const failed = update.failed ? `  failed ${update.failed}` : '';
  const mark = update.total > 0 && finished >= update.total ? '  done' : '';
  return `${name}${bar}  ${update.done}/${update.total}${failed}${mark}`;
}

/**
 * Plain lines for logs that are read later (CI, a pipe): besides the log lines, one
 * `[progress]` line per stage at each quarter and at the end, never a flood.
 */
export class LineProgressLogger extends TextLogger {
  private readonly reported = new Map<string, number>();

  constructor(
    private readonly sink: WritableLike,
    minLevel: LogLevel = 'info',
  ) {
    super(sink, minLevel);
  }

  override progress(update: ProgressUpdate): void {
    if (update.total <= 0) return;
    const finished = update.done + (update.failed ?? 0);
    const quarter = Math.min(4, Math.floor((finished / update.total) * 4));
    if (quarter <= (this.reported.get(update.stage) ?? 0)) return;
    this.reported.set(update.stage, quarter);
    const failed = update.failed ? `, ${update.failed} failed` : '';
    this.sink.write(`[progress] ${update.stage} ${update.done}/${update.total}${failed}\n`);
  }
}

export interface CreateLoggerOptions {
  /** --json: one JSON object per line. */
  json: boolean;
  /** --verbose: debug lines too. */
  verbose: boolean;
  stream: TtyStream;
  /** Whether `stream` is a terminal (the CLI passes stream.isTTY). */
  isTty: boolean;
  /** Running in CI ($CI set): plain lines even when a TTY is faked. */
  ci: boolean;
  now?: () => Date;
}

export type ClosableLogger = Logger & { close(): void };

/**
 * --json gets JSON lines; a terminal outside CI gets the live display; anything else plain lines.
 * The live display (and log-update under it) is imported only for a terminal: a piped or CI run
 * does not pay for loading it.
 */
export async function createLogger(opts: CreateLoggerOptions): Promise<ClosableLogger> {
  const minLevel: LogLevel = opts.verbose ? 'debug' : 'info';
  if (opts.json) return Object.assign(new JsonLogger(opts.stream, opts.now, minLevel), { close() {} });
  if (opts.isTty && !opts.ci) {
    const { ProgressLogger } = await import('./live-progress.js');
    return new ProgressLogger(opts.stream, minLevel);
  }
  return Object.assign(new LineProgressLogger(opts.stream, minLevel), { close() {} });
}

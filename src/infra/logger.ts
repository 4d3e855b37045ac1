/**
 * Logging for every stage. Stages log `[scope] message` lines through this interface and never
 * touch stdout themselves; the CLI picks the sink (plain text, JSON lines, or a live TTY display).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

/** Counts for a live progress display; sinks that do not draw one ignore it. */
export interface ProgressUpdate {
  stage: string;
  done: number;
  total: number;
  failed?: number;
}

export interface Logger {
  log(level: LogLevel, scope: string, message: string, fields?: LogFields): void;
  debug(scope: string, message: string, fields?: LogFields): void;
  info(scope: string, message: string, fields?: LogFields): void;
  warn(scope: string, message: string, fields?: LogFields): void;
  error(scope: string, message: string, fields?: LogFields): void;
  progress(update: ProgressUpdate): void;
}

export interface LogRecord {
  level: LogLevel;
  scope: string;
  message: string;
  fields?: LogFields;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Shared level handling so each sink only says how a record is written. */
export abstract class BaseLogger implements Logger {
  constructor(protected readonly minLevel: LogLevel = 'info') {}

  protected abstract write(record: LogRecord): void;

  log(level: LogLevel, scope: string, message: string, fields?: LogFields): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.minLevel]) return;
    this.write(fields === undefined ? { level, scope, message } : { level, scope, message, fields });
  }
  debug(scope: string, message: string, fields?: LogFields): void {
    this.log('debug', scope, message, fields);
  }
  info(scope: string, message: string, fields?: LogFields): void {
    this.log('info', scope, message, fields);
  }
  warn(scope: string, message: string, fields?: LogFields): void {
    this.log('warn', scope, message, fields);
  }
  error(scope: string, message: string, fields?: LogFields): void {
    this.log('error', scope, message, fields);
  }
  progress(_update: ProgressUpdate): void {}
}

export interface WritableLike {
  write(chunk: string): unknown;
}

/** `[scope] message` lines, the format the original matcher printed; warnings are marked. */
export class TextLogger extends BaseLogger {
  constructor(
    private readonly out: WritableLike,
    minLevel: LogLevel = 'info',
  ) {
    super(minLevel);
  }

  protected write(record: LogRecord): void {
    const mark = record.level === 'warn' ? 'warning: ' : record.level === 'error' ? 'error: ' : '';
    // A scope written with leading spaces ("  parallel-fetch") is printed indented, as the original did.
    const pad = /^\s*/.exec(record.scope)?.[0] ?? '';
    this.out.write(`${pad}[${record.scope.trim()}] ${mark}${record.message}\n`);
  }
}

/** One JSON object per line, for `--json` and log collectors. */
export class JsonLogger extends BaseLogger {
  constructor(
    private readonly out: WritableLike,
    private readonly now: () => Date = () => new Date(),
    minLevel: LogLevel = 'info',
  ) {
    super(minLevel);
  }

  protected write(record: LogRecord): void {
    this.out.write(
      `${JSON.stringify({ time: this.now().toISOString(), level: record.level, scope: record.scope, msg: record.message, ...record.fields })}\n`,
    );
  }

  override progress(update: ProgressUpdate): void {
    this.out.write(
      `${JSON.stringify({ time: this.now().toISOString(), level: 'info', scope: 'progress', ...update })}\n`,
    );
  }
}

/** Keeps records in memory; tests read them back, the pipeline uses it for nothing else. */
export class MemoryLogger extends BaseLogger {
  readonly records: LogRecord[] = [];
  readonly updates: ProgressUpdate[] = [];

  constructor(minLevel: LogLevel = 'debug') {
    super(minLevel);
  }

  protected write(record: LogRecord): void {
    this.records.push(record);
  }

  override progress(update: ProgressUpdate): void {
    this.updates.push(update);
  }

  /** Lines as a text sink would print them, for assertions. */
  lines(): string[] {
    return this.records.map((r) => `[${r.scope.trim()}] ${r.message}`);
  }
}

import { createLogUpdate } from 'log-update';
import {
  BaseLogger,
  type LogLevel,
  type LogRecord,
  type ProgressUpdate,
  TextLogger,
} from '../infra/logger.js';
import { PROGRESS_STAGES, progressLine, type TtyStream } from './progress.js';

/**
 * A live display for a terminal: one line per stage, redrawn in place as counts change, with
 * log lines (info and up; debug with --verbose) printed above it so warnings are never lost.
 * Redraws are throttled, since a fast stage can report thousands of updates a second.
 */
export class ProgressLogger extends BaseLogger {
  private readonly stages = new Map<string, ProgressUpdate>();
  private readonly draw: ReturnType<typeof createLogUpdate>;
  private readonly lines: TextLogger;
  private lastDrawMs = Number.NEGATIVE_INFINITY;
  private pending: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly stream: TtyStream,
    minLevel: LogLevel = 'info',
    private readonly redrawEveryMs = 80,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    super(minLevel);
    // Our own cursor handling stays off: a crash must not leave the user's cursor hidden.
    this.draw = createLogUpdate(stream, { showCursor: true });
    // Log lines look exactly as the plain text sink prints them.
    this.lines = new TextLogger({ write: (chunk: string) => this.stream.write(chunk) }, 'debug');
  }

  protected write(record: LogRecord): void {
    if (this.closed) {
      this.lines.log(record.level, record.scope, record.message, record.fields);
      return;
    }
    this.draw.clear();
    this.lines.log(record.level, record.scope, record.message, record.fields);
    this.render();
  }

  override progress(update: ProgressUpdate): void {
    this.stages.set(update.stage, update);
    if (this.closed) return;
    const waitMs = this.lastDrawMs + this.redrawEveryMs - this.nowMs();
    if (waitMs <= 0) {
      this.render();
      return;
    }
    if (!this.pending) {
      this.pending = setTimeout(() => {
        this.pending = null;
        this.render();
      }, waitMs);
      this.pending.unref();
    }
  }

  /** The display as it stands, one line per stage. */
  frame(): string {
    const names = [
      ...PROGRESS_STAGES,
      ...[...this.stages.keys()].filter((s) => !PROGRESS_STAGES.includes(s as never)),
    ];
    return names.map((name) => progressLine(name, this.stages.get(name))).join('\n');
  }

  private render(): void {
    if (this.closed) return;
    this.lastDrawMs = this.nowMs();
    this.draw(this.frame());
  }

  /** Draws the final counts and leaves them on screen; later log lines print below. */
  close(): void {
    if (this.closed) return;
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.render();
    this.draw.done();
    this.closed = true;
  }
}

import { createWriteStream, type WriteStream } from 'node:fs';
import { createLogUpdate } from 'log-update';
import type { RunEvent, RunEvents } from '../app/events.js';
import type { TtyStream } from './progress.js';

/**
 * The batch commands' progress (screen, tailor), drawn from RunEvents: on a terminal one bar with
 * done/total, rate and time left, redrawn in place; elsewhere plain lines (each stage, each
 * failure, every tenth of the items); with --log-file every event as a line in that file.
 */

export interface BatchProgressOptions {
  stream: TtyStream;
  /** The stream is a terminal and not in CI: draw the live bar. */
  live: boolean;
  /** Keep every line here too (appended). */
  logFile?: string;
  nowMs?: () => number;
  redrawEveryMs?: number;
}

export interface BatchProgress {
  /** Writes a line above the bar (and into the log file): the run's logger writes through it. */
  line(text: string): void;
  close(): Promise<void>;
}

const BAR_CHARS = 24;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** `screen [######------]  45/100  3.2/s  left 17s  failed 2` */
export function barLine(
  stage: string,
  done: number,
  failed: number,
  total: number,
  elapsedMs: number,
): string {
  const finished = done + failed;
  const ratio = total > 0 ? Math.min(1, finished / total) : 1;
  const filled = Math.round(ratio * BAR_CHARS);
  const rate = elapsedMs > 0 ? finished / (elapsedMs / 1000) : 0;
  const left = rate > 0 ? (total - finished) / rate : Number.POSITIVE_INFINITY;
  const parts = [
    `${stage} [${'#'.repeat(filled)}${'-'.repeat(BAR_CHARS - filled)}]`,
    `${finished}/${total}`,
    `${rate.toFixed(1)}/s`,
    finished >= total ? `took ${duration(elapsedMs / 1000)}` : `left ${duration(left)}`,
  ];
  if (failed > 0) parts.push(`failed ${failed}`);
  return parts.join('  ');
}

/** One event as a plain line (the log file keeps these for every event). */
export function eventLine(event: RunEvent): string {
  const at = event.at.slice(11, 19);
  switch (event.type) {
    case 'run-started':
      return `${at} run ${event.runId} (${event.kind}) started`;
    case 'stage-started':
      return `${at} ${event.stage}: started${event.total !== undefined ? ` (${event.total})` : ''}`;
    case 'progress':
      return `${at} ${event.stage}: ${event.done + event.failed}/${event.total}${event.failed ? `, ${event.failed} failed` : ''}`;
    case 'item-done':
      return `${at} ${event.stage}: done ${event.label ?? event.itemId}`;
    case 'item-failed':
      return `${at} ${event.stage}: FAILED ${event.label ?? event.itemId}: ${event.error.message}`;
    case 'stage-finished':
      return `${at} ${event.stage}: finished, ${event.done} done, ${event.failed} failed, ${(event.durationMs / 1000).toFixed(1)}s`;
    case 'run-finished':
      return `${at} run ${event.runId} ${event.state}${event.error ? `: ${event.error.message}` : ''}`;
  }
}

export function attachBatchProgress(events: RunEvents, options: BatchProgressOptions): BatchProgress {
  const nowMs = options.nowMs ?? (() => performance.now());
  const redrawEveryMs = options.redrawEveryMs ?? 100;
  const log: WriteStream | null = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  const draw = options.live ? createLogUpdate(options.stream, { showCursor: true }) : null;
  const started = new Map<string, number>();
  const tenths = new Map<string, number>();
  let bar = '';
  let lastDrawMs = Number.NEGATIVE_INFINITY;
  let closed = false;

  const print = (line: string): void => {
    draw?.clear();
    options.stream.write(`${line}\n`);
    if (draw && bar) draw(bar);
  };

  const off = events.on((event) => {
    log?.write(`${eventLine(event)}\n`);
    if (event.type === 'stage-started') started.set(event.stage, nowMs());
    if (event.type === 'progress') {
      const finished = event.done + event.failed;
      const elapsed = nowMs() - (started.get(event.stage) ?? nowMs());
      if (draw) {
        bar = barLine(event.stage, event.done, event.failed, event.total, elapsed);
        if (nowMs() - lastDrawMs >= redrawEveryMs || finished >= event.total) {
          lastDrawMs = nowMs();
          draw(bar);
        }
        return;
      }
      const tenth = event.total > 0 ? Math.floor((finished / event.total) * 10) : 10;
      if (tenth > (tenths.get(event.stage) ?? 0)) {
        tenths.set(event.stage, tenth);
        print(`[progress] ${barLine(event.stage, event.done, event.failed, event.total, elapsed)}`);
      }
      return;
    }
    if (event.type === 'item-done') return;
    if (event.type === 'stage-finished' && draw && bar) {
      draw(bar);
      draw.done();
      bar = '';
    }
    print(eventLine(event));
  });

  return {
    line(text) {
      log?.write(`${text}\n`);
      print(text);
    },
    async close() {
      if (closed) return;
      closed = true;
      off();
      if (draw && bar) draw.done();
      if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
    },
  };
}

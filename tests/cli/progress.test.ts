import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressLogger } from '../../src/cli/live-progress.js';
import { createLogger, LineProgressLogger, progressLine } from '../../src/cli/progress.js';
import { JsonLogger } from '../../src/infra/logger.js';

/** A terminal stand-in: records every write, says it is an 80x24 TTY. */
class FakeTty extends Writable {
  readonly chunks: string[] = [];
  isTTY = true;
  columns = 80;
  rows = 24;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }

  text(): string {
    return this.chunks.join('');
  }

  /**
   * What the screen shows, by replaying the writes through the two escapes log-update uses:
   * cursor up (ESC[1A) and erase line (ESC[2K), plus carriage returns.
   */
  screen(): string[] {
    const lines: string[] = [''];
    let row = 0;
    const tokens = this.text().match(/\u001b\[[0-9;]*[A-Za-z]|\r|\n|[^\u001b\r\n]+/g) ?? [];
    for (const token of tokens) {
      if (token === '\n') {
        row++;
        if (row === lines.length) lines.push('');
      } else if (token === '\r' || token === '\u001b[G') {
        // column 0: our lines are always rewritten whole after an erase
      } else if (token === '\u001b[1A' || token === '\u001b[A') {
        row = Math.max(0, row - 1);
      } else if (token === '\u001b[2K') {
        lines[row] = '';
      } else if (token.startsWith('\u001b[')) {
        // cursor show/hide and the like: nothing on screen
      } else {
        lines[row] += token;
      }
    }
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }
}

describe('ProgressLogger on a terminal', () => {
  it('redraws one line per stage in place and keeps warnings as lines above it', () => {
    const tty = new FakeTty();
    let nowMs = 0;
    const logger = new ProgressLogger(tty, 'info', 80, () => nowMs);
    logger.progress({ stage: 'scrape', done: 0, total: 3 });
    nowMs += 100;
    logger.progress({ stage: 'scrape', done: 2, total: 3, failed: 1 });
    logger.warn('lever', 'Globex: HTTP 404, skipped');
    nowMs += 100;
    logger.progress({ stage: 'generate', done: 3, total: 7, failed: 1 });
    logger.info('output', 'wrote acme/backend-engineer-1');
    logger.debug('http', 'not shown without --verbose');
    logger.close();

    expect(tty.text()).toContain('\u001b[2K');
    expect(tty.screen()).toEqual([
      '[lever] warning: Globex: HTTP 404, skipped',
      '[output] wrote acme/backend-engineer-1',
      'scrape   [####################]  2/3  failed 1  done',
      'match    waiting',
      'fetch    waiting',
      'generate [###########---------]  3/7  failed 1',
      'output   waiting',
    ]);
  });

  it('throttles redraws but close() always shows the final counts', () => {
    const tty = new FakeTty();
    const logger = new ProgressLogger(tty, 'info', 80, () => 0);
    for (let done = 0; done <= 500; done++) logger.progress({ stage: 'fetch', done, total: 500 });
    const drawsBeforeClose = tty.chunks.length;
    expect(drawsBeforeClose).toBeLessThan(5);
    logger.close();
    expect(tty.screen()).toContain('fetch    [####################]  500/500  done');
  });
});

describe('createLogger', () => {
  it('gives plain lines without escapes when the stream is not a TTY', async () => {
    const out = new FakeTty();
    const logger = await createLogger({ json: false, verbose: false, stream: out, isTty: false, ci: false });
    expect(logger).toBeInstanceOf(LineProgressLogger);
    logger.info('greenhouse', 'Acme: 42 jobs');
    logger.warn('fetch', 'slow host');
    for (let done = 1; done <= 8; done++) logger.progress({ stage: 'fetch', done, total: 8 });
    logger.close();
    expect(out.text()).toBe(
      [
        '[greenhouse] Acme: 42 jobs',
        '[fetch] warning: slow host',
        '[progress] fetch 2/8',
        '[progress] fetch 4/8',
        '[progress] fetch 6/8',
        '[progress] fetch 8/8',
        '',
      ].join('\n'),
    );
    expect(out.text()).not.toMatch(/\u001b\[/);
  });

  it('prints plain lines in CI even on a TTY', async () => {
    const out = new FakeTty();
    const logger = await createLogger({ json: false, verbose: true, stream: out, isTty: true, ci: true });
    logger.debug('http', 'GET /x');
    expect(out.text()).toBe('[http] GET /x\n');
  });

  it('picks the live display on a terminal and JSON lines for --json', async () => {
    const tty = new FakeTty();
    expect(
      await createLogger({ json: false, verbose: false, stream: tty, isTty: true, ci: false }),
    ).toBeInstanceOf(ProgressLogger);
    const out = new FakeTty();
    const json = await createLogger({
      json: true,
      verbose: false,
      stream: out,
      isTty: true,
      ci: false,
      now: () => new Date('2026-11-24T03:22:58.000Z'),
    });
    expect(json).toBeInstanceOf(JsonLogger);
    json.info('match', 'selected 3', { selected: 3 });
    json.progress({ stage: 'match', done: 3, total: 3 });
    expect(
      out
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { time: '2026-11-24T03:22:58.000Z', level: 'info', scope: 'match', msg: 'selected 3', selected: 3 },
      {
        time: '2026-11-24T03:22:58.000Z',
        level: 'info',
        scope: 'progress',
        stage: 'match',
        done: 3,
        total: 3,
      },
    ]);
  });
});

describe('progressLine', () => {
  it('shows an empty stage as complete rather than dividing by zero', () => {
    expect(progressLine('match', { stage: 'match', done: 0, total: 0 })).toBe(
      'match    [####################]  0/0',
    );
  });
});

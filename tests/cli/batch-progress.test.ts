import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRunEvents } from '../../src/app/events.js';
import { attachBatchProgress, barLine } from '../../src/cli/batch-progress.js';

function sink(): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.columns = 120;
  let out = '';
  stream.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { stream, text: () => out };
}

function feed(events: ReturnType<typeof createRunEvents>, total: number): void {
  events.emit({ type: 'stage-started', stage: 'screen', total });
  for (let done = 1; done <= total; done++) {
    if (done === 3) {
      events.emit({
        type: 'item-failed',
        stage: 'screen',
        itemId: 'r-3',
        label: 'c.pdf',
        error: { code: 'PROFILE', message: 'c.pdf: has no text layer', retryable: false },
      });
    }
    events.emit({
      type: 'progress',
      stage: 'screen',
      done: done >= 3 ? done - 1 : done,
      failed: done >= 3 ? 1 : 0,
      total,
    });
  }
  events.emit({ type: 'stage-finished', stage: 'screen', done: total - 1, failed: 1, durationMs: 2000 });
}

describe('batch progress', () => {
  it('draws done/total, rate and time left', () => {
    expect(barLine('screen', 45, 5, 100, 10_000)).toBe(
      'screen [############------------]  50/100  5.0/s  left 10s  failed 5',
    );
    expect(barLine('screen', 100, 0, 100, 65_000)).toMatch(/100\/100 {2}1\.5\/s {2}took 1m05s$/);
  });

  it('prints plain lines off a terminal, every tenth and every failure, and the log file keeps every event', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jm-progress-'));
    const logFile = path.join(dir, 'screen.log');
    const { stream, text } = sink();
    const events = createRunEvents();
    let now = 0;
    const progress = attachBatchProgress(events, { stream, live: false, logFile, nowMs: () => (now += 100) });
    feed(events, 20);
    await progress.close();
    const lines = text().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('[progress] screen'))).toHaveLength(10);
    expect(lines.some((l) => /FAILED c\.pdf: c\.pdf: has no text layer/.test(l))).toBe(true);
    expect(text()).not.toContain('\u001b[');
    const logged = (await readFile(logFile, 'utf8')).trim().split('\n');
    // stage-started, 20 progress, 1 failure, stage-finished
    expect(logged).toHaveLength(23);
    await rm(dir, { recursive: true, force: true });
  });

  it('redraws one bar in place on a terminal, with failures printed above it', async () => {
    const { stream, text } = sink();
    stream.isTTY = true;
    const events = createRunEvents();
    let now = 0;
    const progress = attachBatchProgress(events, {
      stream,
      live: true,
      nowMs: () => (now += 1000),
      redrawEveryMs: 0,
    });
    feed(events, 5);
    await progress.close();
    expect(text()).toContain('\u001b[');
    expect(text()).toMatch(/screen \[#+\] {2}5\/5 .* failed 1/);
    expect(text()).toContain('FAILED c.pdf');
  });
});

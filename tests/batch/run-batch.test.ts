import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/app/context.js';
import { createRunEvents, type RunEvent } from '../../src/app/events.js';
import type { TaskDeps, TaskKind } from '../../src/app/task.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { HttpError, JobError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/infra/logger.js';

type Behaviour = { id: string; delayMs?: number; failTimes?: number; fatal?: boolean };

/** A kind whose items behave as their input says; it counts attempts per item. */
function makeKind(
  attempts: Map<string, number>,
): TaskKind<Behaviour[], { tag: string }, Behaviour, string, string[]> {
  return {
    kind: 'probe',
    async prepare(input) {
      return {
        plan: { tag: 'p' },
        items: input.map((b) => ({ id: b.id, label: `${b.id}.md`, input: b })),
        skipped: [{ id: 'dup', label: 'dup.md', reason: 'same content as a.md' }],
      };
    },
    async runItem(plan, item) {
      const n = (attempts.get(item.id) ?? 0) + 1;
      attempts.set(item.id, n);
      if (item.input.delayMs) await sleep(item.input.delayMs);
      if (item.input.fatal) throw new JobError(item.id, 'probe', 'unreadable');
      if (n <= (item.input.failTimes ?? 0)) throw new HttpError('http://127.0.0.1/x', 503, 'server error');
      return `${plan.tag}:${item.id}`;
    },
    async finish(_plan, outcomes) {
      return outcomes.filter((o) => o.ok).map((o) => (o.ok ? o.value : ''));
    },
  };
}

function context(signal = new AbortController().signal): { ctx: RunContext; events: RunEvent[] } {
  const events: RunEvent[] = [];
  const channel = createRunEvents();
  channel.on((e) => events.push(e));
  return { ctx: { runId: 'r1', signal, logger: new MemoryLogger(), events: channel }, events };
}

const deps = {} as TaskDeps;
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('runBatch', () => {
  it('retries transient failures, isolates a failing item, and reports every item as an event', async () => {
    const attempts = new Map<string, number>();
    const { ctx, events } = context();
    const out = await runBatch(
      makeKind(attempts),
      [{ id: 'a' }, { id: 'b', failTimes: 2 }, { id: 'c', fatal: true }, { id: 'd', failTimes: 5 }],
      deps,
      ctx,
      { concurrency: 2, retry: fastRetry },
    );
    expect(out.result.sort()).toEqual(['p:a', 'p:b']);
    expect(attempts.get('b')).toBe(3);
    expect(attempts.get('c')).toBe(1); // not transient: no retry
    expect(attempts.get('d')).toBe(3); // gave up after the policy's attempts
    expect(out.retries).toBe(4);
    expect(out.skipped).toHaveLength(1);
    const failed = out.outcomes.filter((o) => !o.ok);
    expect(failed.map((o) => (o.ok ? '' : `${o.id}:${o.error.retryable}`)).sort()).toEqual([
      'c:false',
      'd:true',
    ]);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last).toMatchObject({ done: 2, failed: 2, total: 4 });
    expect(events.filter((e) => e.type === 'item-failed')).toHaveLength(2);
    expect(events.map((e) => e.type).slice(0, 3)).toEqual([
      'stage-started',
      'stage-finished',
      'stage-started',
    ]);
  });

  it('is a pool: a slow item does not hold the others back', async () => {
    const { ctx, events } = context();
    const items = [
      { id: 'slow', delayMs: 300 },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, delayMs: 5 })),
    ];
    await runBatch(makeKind(new Map()), items, deps, ctx, { concurrency: 2 });
    const order = events
      .filter((e) => e.type === 'item-done')
      .map((e) => (e.type === 'item-done' ? e.itemId : ''));
    expect(order.at(-1)).toBe('slow');
    expect(order.slice(0, 6).sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
  });

  it('starts no new item once cancelled, and still finishes with what is done', async () => {
    const controller = new AbortController();
    const { ctx, events } = context(controller.signal);
    ctx.events.on((e) => {
      if (e.type === 'item-done') controller.abort();
    });
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, delayMs: 10 }));
    const out = await runBatch(makeKind(new Map()), items, deps, ctx, { concurrency: 1 });
    expect(out.result).toEqual(['p:i0']);
    expect(out.notStarted).toBe(4);
    expect(events.at(-1)).toMatchObject({ type: 'stage-finished', stage: 'finish' });
  });
});

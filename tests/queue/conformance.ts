import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/app/events.js';
import type { TaskEventRecord, TaskQueue, TaskRecord } from '../../src/queue/types.js';
import { type CountInput, type CountResult, countKind, type ItemMode, trace } from './count-kind.js';

/**
 * What every TaskQueue backend promises, run against each (memory here on `serve`, BullMQ on real
 * Redis). `makeQueue` opens a queue on the backend's durable state: called twice in one test, the
 * second queue sees what the first accepted (that is the restart test). Retries must use short
 * delays (a test waits for three tries).
 */
export type MakeQueue = () => Promise<TaskQueue>;

export function describeQueueConformance(name: string, makeQueue: MakeQueue): void {
  describe(`TaskQueue conformance: ${name}`, () => {
    const open: TaskQueue[] = [];
    const queue = async (worker = true): Promise<TaskQueue> => {
      const q = await makeQueue();
      open.push(q);
      if (worker) await q.startWorker([countKind], { concurrency: 4 });
      return q;
    };
    afterEach(async () => {
      trace.onStart = null;
      await Promise.all(open.splice(0).map((q) => q.close()));
    });

    const submit = (q: TaskQueue, input: CountInput, owner = `owner-${randomUUID()}`) =>
      q.submit({ id: randomUUID(), kind: 'count', owner, input });
    const items = (...modes: ItemMode[]) => modes.map((mode, i) => ({ id: `i${i}`, mode }));

    it('runs a submitted task: queued at once, then succeeded with progress counted from its items', async () => {
      const q = await queue();
      const record = await submit(q, { items: items('ok', 'ok', 'ok') }, 'alice');
      expect(record).toMatchObject({
        kind: 'count',
        owner: 'alice',
        state: 'queued',
        error: null,
        result: null,
      });
      const events = await drain(q, record.id);
      const done = await q.get(record.id);
      expect(done).toMatchObject({ state: 'succeeded', progress: { done: 3, failed: 0, total: 3 } });
      expect(done?.startedAt).not.toBeNull();
      expect(done?.finishedAt).not.toBeNull();
      expect(done?.result).toEqual({ done: ['i0', 'i1', 'i2'], failed: [], firstWrites: 3 });
      const types = events.map((e) => e.event.type);
      expect(types[0]).toBe('run-started');
      expect(types.at(-1)).toBe('run-finished');
      expect(types.filter((t) => t === 'item-done')).toHaveLength(3);
      const last = events.filter((e) => e.event.type === 'progress').at(-1)?.event;
      expect(last).toMatchObject({ done: 3, failed: 0, total: 3 });
    });

    it('numbers events 1, 2, 3 ... and resumes after a given seq (Last-Event-ID)', async () => {
      const q = await queue();
      const { id } = await submit(q, { items: items('ok', 'ok') });
      const all = await drain(q, id);
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
      const tail = await drain(q, id, 3);
      expect(tail).toEqual(all.slice(3));
      // Resuming after the last event of a finished task ends at once with nothing.
      expect(await drain(q, id, all.length)).toEqual([]);
    });

    it('a final item failure marks that item only; transient ones are retried up to 3 tries', async () => {
      const q = await queue();
      const { id } = await submit(q, { items: items('ok', 'fail', 'flaky', 'transient') });
      const events = await drain(q, id);
      const record = (await q.get(id)) as TaskRecord;
      expect(record).toMatchObject({ state: 'succeeded', progress: { done: 2, failed: 2, total: 4 } });
      const result = record.result as CountResult;
      expect(result.done).toEqual(['i0', 'i2']);
      expect(result.failed.map((f) => f.id).sort()).toEqual(['i1', 'i3']);
      expect(result.failed.find((f) => f.id === 'i1')?.message).toContain('item i1 is broken');
      expect(trace.tries.get(`${id}/i1`)).toBe(1);
      expect(trace.tries.get(`${id}/i2`)).toBe(3);
      expect(trace.tries.get(`${id}/i3`)).toBe(3);
      const failed = events.flatMap((e) => (e.event.type === 'item-failed' ? [e.event] : []));
      expect(failed.map((e) => e.itemId).sort()).toEqual(['i1', 'i3']);
      expect(failed.find((e) => e.itemId === 'i3')?.error.retryable).toBe(true);
    });

    it('every item failing fails the task (no result to give), with how many', async () => {
      const q = await queue();
      const { id } = await submit(q, { items: items('fail', 'fail') });
      const events = await drain(q, id);
      const record = (await q.get(id)) as TaskRecord;
      expect(record).toMatchObject({ state: 'failed', progress: { done: 0, failed: 2, total: 2 } });
      expect(record.error).toContain('every item failed (2)');
      expect(events.at(-1)?.event).toMatchObject({
        type: 'run-finished',
        state: 'failed',
        error: { code: 'ALL_ITEMS_FAILED' },
      });
    });

    it('a failing prepare step fails the task, with its reason', async () => {
      const q = await queue();
      const { id } = await submit(q, { items: [], failPrepare: true });
      const events = await drain(q, id);
      const record = await q.get(id);
      expect(record?.state).toBe('failed');
      expect(record?.error).toContain('the input names no items');
      expect(events.at(-1)?.event).toMatchObject({ type: 'run-finished', state: 'failed' });
    });

    it('cancel aborts running items through their signal and queued items never start', async () => {
      const q = await queue();
      const started = new Promise<void>((resolve) => {
        trace.onStart = () => resolve();
      });
      const { id } = await submit(q, { items: items(...Array<ItemMode>(12).fill('slow')) });
      await started;
      const cancelled = await q.cancel(id);
      expect(cancelled?.state).toBe('cancelled');
      const events = await drain(q, id);
      expect(events.at(-1)?.event).toMatchObject({ type: 'run-finished', state: 'cancelled' });
      // A task submitted after it runs only once the cancelled task's queue is behind it.
      const after = await submit(q, { items: items('ok') });
      await drain(q, after.id);
      const mine = [...trace.started].filter((key) => key.startsWith(`${id}/`));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThanOrEqual(4);
      await until(() => mine.every((key) => trace.aborted.has(key)));
      expect((await q.get(id))?.state).toBe('cancelled');
      expect(await q.cancel(after.id)).toMatchObject({ state: 'succeeded' });
    });

    it('lists tasks newest first, by owner, state and kind, in pages with a cursor', async () => {
      const q = await queue();
      const owner = `lister-${randomUUID()}`;
      const a = await submit(q, { items: items('ok') }, owner);
      const b = await submit(q, { items: items('ok') }, owner);
      const c = await submit(q, { items: items('ok') }, owner);
      await submit(q, { items: items('ok') });
      for (const t of [a, b, c]) await drain(q, t.id);
      expect((await q.list({ owner, limit: 10 })).map((t) => t.id)).toEqual([c.id, b.id, a.id]);
      const first = await q.list({ owner, limit: 2 });
      expect(first.map((t) => t.id)).toEqual([c.id, b.id]);
      expect((await q.list({ owner, limit: 2, before: b.id })).map((t) => t.id)).toEqual([a.id]);
      expect(await q.list({ owner, limit: 10, state: 'failed' })).toEqual([]);
      expect(await q.list({ owner, limit: 10, kind: 'other' })).toEqual([]);
      expect((await q.list({ owner, limit: 10, state: 'succeeded', kind: 'count' })).length).toBe(3);
    });

    it('a task accepted before a restart runs after it', async () => {
      const before = await queue(false);
      const { id } = await submit(before, { items: items('ok', 'ok') }, 'restarter');
      await before.close();
      open.splice(open.indexOf(before), 1);
      const after = await queue();
      expect((await after.get(id))?.owner).toBe('restarter');
      await drain(after, id);
      expect(await after.get(id)).toMatchObject({ state: 'succeeded', progress: { done: 2, total: 2 } });
    });

    it('unknown ids: get and cancel answer null; the queue says it is healthy', async () => {
      const q = await queue(false);
      expect(await q.get(randomUUID())).toBeNull();
      expect(await q.cancel(randomUUID())).toBeNull();
      expect(await q.health()).toEqual({ ok: true });
    });
  });
}

/** Every event of the task after `afterSeq`, to its end. */
export async function drain(q: TaskQueue, id: string, afterSeq = 0): Promise<TaskEventRecord[]> {
  const out: TaskEventRecord[] = [];
  for await (const record of q.events(id, afterSeq, new AbortController().signal)) out.push(record);
  return out;
}

export function eventsOf(records: TaskEventRecord[], type: RunEvent['type']): RunEvent[] {
  return records.map((r) => r.event).filter((e) => e.type === type);
}

/** Waits until `check` holds (the test's own timeout bounds it). */
export async function until(check: () => boolean | Promise<boolean>, stepMs = 20): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, stepMs));
}

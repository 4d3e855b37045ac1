import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { DirStore } from '../../src/infra/storage/dir-store.js';
import { MemoryQueue } from '../../src/queue/memory/memory-queue.js';
import type { TaskEventRecord, TaskQueue, TaskRecord } from '../../src/queue/types.js';
import { loadServeConfig } from '../../src/server/config.js';
import { createServerServices } from '../../src/server/services.js';
import { createWordsKind, type WordsInput } from './test-kind.js';

let dir: string;
const open: MemoryQueue[] = [];
const logger = new MemoryLogger();
let services: ReturnType<typeof createServerServices>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-memq-'));
  services = createServerServices(await loadServeConfig(undefined, dir), logger, {});
});
afterEach(async () => {
  for (const q of open.splice(0)) await q.close();
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

function firstOptions() {
  return {
    file: path.join(dir, 'queue.db'),
    services,
    stores: (id: string) => ({
      inputs: new DirStore(path.join(dir, 'tasks', id, 'inputs')),
      files: new DirStore(path.join(dir, 'tasks', id, 'files')),
    }),
    logger,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  };
}

function openQueue(retried: string[] = []): MemoryQueue {
  const queue = new MemoryQueue({ ...firstOptions(), hooks: { itemRetried: (kind) => retried.push(kind) } });
  open.push(queue);
  return queue;
}

async function settle(
  queue: TaskQueue,
  id: string,
): Promise<{ record: TaskRecord; events: TaskEventRecord[] }> {
  const events: TaskEventRecord[] = [];
  for await (const e of queue.events(id, 0, AbortSignal.timeout(20_000))) events.push(e);
  return { record: (await queue.get(id)) as TaskRecord, events };
}

const submit = (queue: TaskQueue, id: string, input: WordsInput, owner = 'alice') =>
  queue.submit({ id, kind: 'words', owner, input, concurrency: 2 });

describe('memory queue (SQLite records)', () => {
  it('runs prepare, every item, then finish; a failed item leaves the task succeeded with its result', async () => {
    const queue = openQueue();
    const { kind } = createWordsKind();
    await queue.startWorker([kind], { concurrency: 2 });
    const queued = await submit(queue, 't1', {
      words: [{ word: 'a' }, { word: 'b', behaviour: 'fail' }, { word: 'c' }],
    });
    expect(queued.state).toBe('queued');
    const { record, events } = await settle(queue, 't1');
    expect(record.state).toBe('succeeded');
    expect(record.progress).toMatchObject({ done: 2, failed: 1, total: 3 });
    expect(record.result).toEqual({ upper: ['A', 'C'], failed: ['b'] });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.event.type).toBe('run-started');
    expect(events.at(-1)?.event).toMatchObject({ type: 'run-finished', state: 'succeeded' });
    expect(events.filter((e) => e.event.type === 'item-failed')).toHaveLength(1);
  });

  it('fails the task when prepare fails or every item fails', async () => {
    const queue = openQueue();
    await queue.startWorker([createWordsKind().kind], { concurrency: 2 });
    await submit(queue, 'p', { words: [{ word: 'a' }], failPrepare: true });
    await submit(queue, 'all', {
      words: [
        { word: 'a', behaviour: 'fail' },
        { word: 'b', behaviour: 'fail' },
      ],
    });
    const prepare = await settle(queue, 'p');
    expect(prepare.record).toMatchObject({ state: 'failed', error: 'the job text could not be read' });
    const all = await settle(queue, 'all');
    expect(all.record.state).toBe('failed');
    expect(all.record.progress).toMatchObject({ done: 0, failed: 2, total: 2 });
  });

  it('retries a transient item failure with backoff, up to 3 tries', async () => {
    const retried: string[] = [];
    const queue = openQueue(retried);
    const { kind, probe } = createWordsKind();
    await queue.startWorker([kind], { concurrency: 1 });
    await submit(queue, 'r', { words: [{ word: 'x', behaviour: 'flaky' }] });
    const { record } = await settle(queue, 'r');
    expect(record.state).toBe('succeeded');
    expect(probe.runs.get('r/w0')).toBe(3);
    expect(retried).toEqual(['words', 'words']);
  });

  it('cancel: running work stops through its signal, finished items keep their files, queued work never starts', async () => {
    const queue = openQueue();
    const { kind, probe } = createWordsKind();
    await queue.startWorker([kind], { concurrency: 1 });
    const words: WordsInput['words'] = [
      { word: 'done' },
      { word: 'stuck', behaviour: 'hang' },
      { word: 'never' },
    ];
    await queue.submit({ id: 'c', kind: 'words', owner: 'alice', input: { words }, concurrency: 1 });
    await submit(queue, 'q', { words: [{ word: 'later' }] });
    await probe.hanging;
    expect((await queue.cancel('q'))?.state).toBe('cancelled');
    expect((await queue.cancel('c'))?.state).toBe('cancelled');
    const { record } = await settle(queue, 'c');
    expect(record.state).toBe('cancelled');
    expect(record.progress).toMatchObject({ done: 1, total: 3 });
    const files = new DirStore(path.join(dir, 'tasks', 'c', 'files'));
    expect((await files.list()).map((f) => f.name)).toEqual(['result.json', 'w0.txt']);
    expect(await new DirStore(path.join(dir, 'tasks', 'q', 'files')).list()).toEqual([]);
  });

  it('a restart runs queued tasks and redoes an in-flight item once, its file written once', async () => {
    const first = openQueue();
    const before = createWordsKind();
    await first.startWorker([before.kind], { concurrency: 1 });
    const words: WordsInput['words'] = [{ word: 'a' }, { word: 'b', behaviour: 'write-hang' }, { word: 'c' }];
    await first.submit({ id: 'crash', kind: 'words', owner: 'alice', input: { words }, concurrency: 1 });
    await submit(first, 'waiting', { words: [{ word: 'z' }] });
    await before.probe.hanging;
    await first.close();
    const second = openQueue();
    expect((await second.get('crash'))?.state).toBe('running');
    const after = createWordsKind({ hang: false });
    await second.startWorker([after.kind], { concurrency: 2 });
    const crash = await settle(second, 'crash');
    expect(crash.record.state).toBe('succeeded');
    expect(crash.record.result).toEqual({ upper: ['A', 'B', 'C'], failed: [] });
    // a was done before the stop and is not run again; b is run once more; c for the first time.
    expect([...after.probe.runs.keys()].filter((k) => k.startsWith('crash/')).sort()).toEqual([
      'crash/w1',
      'crash/w2',
    ]);
    expect(second.store.items('crash').map((i) => i.runs)).toEqual([1, 2, 1]);
    const files = new DirStore(path.join(dir, 'tasks', 'crash', 'files'));
    expect((await files.read('w1.txt'))?.toString()).toBe('b (run 1)');
    expect((await settle(second, 'waiting')).record.state).toBe('succeeded');
  });

  it('an item interrupted twice is failed, not run a third time', async () => {
    for (let round = 0; round < 2; round++) {
      const queue = openQueue();
      const k = createWordsKind();
      await queue.startWorker([k.kind], { concurrency: 1 });
      if (round === 0)
        await submit(queue, 'twice', { words: [{ word: 'ok' }, { word: 'x', behaviour: 'hang' }] });
      await k.probe.hanging;
      await queue.close();
    }
    const last = openQueue();
    const k = createWordsKind();
    await last.startWorker([k.kind], { concurrency: 1 });
    const { record } = await settle(last, 'twice');
    expect(k.probe.runs.size).toBe(0);
    expect(record).toMatchObject({ state: 'succeeded', progress: { done: 1, failed: 1, total: 2 } });
  });

  it("lists the owner's tasks newest first, by page, filtered by state and kind; events resume after a seq", async () => {
    const queue = openQueue();
    await queue.startWorker([createWordsKind().kind], { concurrency: 1 });
    for (const id of ['l1', 'l2', 'l3']) await submit(queue, id, { words: [{ word: id }] });
    await submit(queue, 'bob1', { words: [{ word: 'b' }] }, 'bob');
    for (const id of ['l1', 'l2', 'l3', 'bob1']) await settle(queue, id);
    const page1 = await queue.list({ owner: 'alice', limit: 2 });
    expect(page1.map((t) => t.id)).toEqual(['l3', 'l2']);
    const page2 = await queue.list({ owner: 'alice', limit: 2, before: 'l2' });
    expect(page2.map((t) => t.id)).toEqual(['l1']);
    expect(await queue.list({ owner: 'alice', limit: 10, state: 'failed' })).toEqual([]);
    expect((await queue.list({ limit: 10, kind: 'words' })).length).toBe(4);
    expect(await queue.counts()).toEqual({ succeeded: 4 });
    const all = (await settle(queue, 'l1')).events;
    const rest: TaskEventRecord[] = [];
    for await (const e of queue.events('l1', 3, AbortSignal.timeout(5_000))) rest.push(e);
    expect(rest).toEqual(all.slice(3));
  });
});

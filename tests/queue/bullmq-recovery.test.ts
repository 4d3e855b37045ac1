import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueUnavailableError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue, type BullmqQueueOptions } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { drain, eventsOf, until } from './conformance.js';
import { type CountResult, countKind, type ItemMode, trace } from './count-kind.js';

const WORKER = fileURLToPath(new URL('./fixtures/count-worker.ts', import.meta.url));

describe('BullMQ queue: crashes, restarts and Redis away (real redis-server, worker processes)', () => {
  let redis: TestRedis;
  const open: BullmqQueue[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(open.splice(0).map((q) => q.close()));
  });
  afterAll(() => redis?.close());

  const queue = async (options: Partial<BullmqQueueOptions> = {}): Promise<BullmqQueue> => {
    const q = await BullmqQueue.open({
      url: redis.url,
      prefix: 'recovery',
      logger: new MemoryLogger(),
      services: testServices(),
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
      lockDurationMs: 1_000,
      stalledIntervalMs: 500,
      ...options,
    });
    open.push(q);
    return q;
  };
  const items = (n: number, mode: ItemMode) => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, mode }));

  it('a worker SIGKILLed mid-item: the item goes to another worker and each result is written once', async () => {
    const api = await queue();
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, redis.url, 'recovery'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await until(() => out.includes('ready'));
    const { id } = await api.submit({
      id: randomUUID(),
      kind: 'count',
      owner: 'o',
      input: { items: items(6, 'slow'), holdMs: 300 },
    });
    // Killed after it wrote an item's file and before it finished that item.
    const files = api.storesOf(id).files;
    await until(async () => (await files.list('items/')).length > 0);
    child.kill('SIGKILL');
    // This process's worker takes over, the killed worker's items included once its lock expires.
    await api.startWorker([countKind], { concurrency: 3 });
    const events = await drain(api, id);
    const record = await api.get(id);
    expect(record).toMatchObject({ state: 'succeeded', progress: { done: 6, failed: 0, total: 6 } });
    const result = record?.result as CountResult;
    expect(result.done).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
    const doneIds = eventsOf(events, 'item-done').map((e) => (e as { itemId: string }).itemId);
    expect(doneIds.sort()).toEqual(result.done);
    const written = await files.list('items/');
    expect(written.map((f) => f.name)).toEqual(result.done.map((i) => `items/${i}.txt`));
    // The killed worker's files stay as it wrote them; their second run wrote nothing.
    const contents = await Promise.all(written.map(async (f) => (await files.read(f.name))?.toString()));
    const byKilled = contents.filter((c) => c?.endsWith(`by ${child.pid}`)).length;
    expect(byKilled).toBeGreaterThan(0);
    expect(result.firstWrites).toBe(6 - byKilled);
  });

  it('Redis restarted mid-run: the task goes on and finishes with every item counted once', async () => {
    const q = await queue();
    await q.startWorker([countKind], { concurrency: 2 });
    const { id } = await q.submit({
      id: randomUUID(),
      kind: 'count',
      owner: 'o',
      input: { items: items(10, 'slow'), holdMs: 150 },
    });
    await until(async () => ((await q.get(id))?.progress.done ?? 0) >= 2);
    await redis.restart();
    await until(async () => (await q.health()).ok);
    await drain(q, id);
    const record = await q.get(id);
    expect(record).toMatchObject({ state: 'succeeded', progress: { done: 10, failed: 0, total: 10 } });
    expect((record!.result as CountResult).done).toHaveLength(10);
  });

  it('an item that writes its file while Redis is away waits for Redis and succeeds (no failed item)', async () => {
    const q = await queue();
    await q.startWorker([countKind], { concurrency: 2 });
    let started = 0;
    trace.onStart = () => {
      started++;
    };
    try {
      const { id } = await q.submit({
        id: randomUUID(),
        kind: 'count',
        owner: 'o',
        input: { items: items(2, 'late'), holdMs: 500 },
      });
      // Both items started and hold for 500 ms; Redis goes away before they write and comes back after.
      await until(() => started === 2);
      await redis.stopServer();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await redis.start();
      await until(async () => (await q.health()).ok);
      await drain(q, id);
      const record = await q.get(id);
      expect((record!.result as CountResult).failed).toEqual([]);
      expect(record).toMatchObject({ state: 'succeeded', progress: { done: 2, failed: 0, total: 2 } });
      expect((await q.storesOf(id).files.list('items/')).map((f) => f.name)).toEqual([
        'items/i0.txt',
        'items/i1.txt',
      ]);
    } finally {
      trace.onStart = null;
    }
  });

  it('Redis unreachable: health says why, submit fails at once with QueueUnavailableError; then it reconnects', async () => {
    const q = await queue();
    await q.startWorker([countKind], { concurrency: 2 });
    await redis.stopServer();
    try {
      await until(async () => !(await q.health()).ok);
      const health = await q.health();
      expect(health.reason).toContain(`Redis at ${redis.url}`);
      const error = await q
        .submit({ id: randomUUID(), kind: 'count', owner: 'o', input: { items: items(1, 'ok') } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect((error as QueueUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await redis.start();
      await until(async () => (await q.health()).ok);
    }
    const { id } = await q.submit({
      id: randomUUID(),
      kind: 'count',
      owner: 'o',
      input: { items: items(2, 'ok') },
    });
    await drain(q, id);
    expect((await q.get(id))?.state).toBe('succeeded');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue, type BullmqQueueOptions } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { drain } from './conformance.js';
import { type CountResult, countKind, type ItemMode, trace } from './count-kind.js';

describe('BullMQ queue: the model limits hold for all workers together (real Redis, local model server)', () => {
  let redis: TestRedis;
  let llm: LlmServer;
  const open: BullmqQueue[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    llm = await startLlmServer({ script: (n) => (n === 0 ? '429' : 'ok') });
  });
  afterEach(() => Promise.all(open.splice(0).map((q) => q.close())));
  afterAll(async () => {
    await llm?.close();
    await redis?.close();
  });

  const queue = async (prefix: string, options: Partial<BullmqQueueOptions> = {}) => {
    const q = await BullmqQueue.open({
      url: redis.url,
      prefix,
      logger: new MemoryLogger(),
      services: testServices({ llmBaseUrl: llm.baseUrl }),
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
      ...options,
    });
    open.push(q);
    return q;
  };
  const items = (n: number, mode: ItemMode) => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, mode }));

  it('two workers (two machines) together start no more jobs per window than the limit', async () => {
    const limits = { requestsPerMinute: 3, rateWindowMs: 1_500 };
    const a = await queue('limit', limits);
    const b = await queue('limit', limits);
    await a.startWorker([countKind], { concurrency: 5 });
    await b.startWorker([countKind], { concurrency: 5 });
    trace.startTimes.length = 0;
    const { id } = await a.submit({
      id: randomUUID(),
      kind: 'count',
      owner: 'o',
      input: { items: items(5, 'ok') },
    });
    await drain(a, id);
    expect((await a.get(id))?.progress.done).toBe(5);
    // The prepare job took one of the first window's three starts, items 0 and 1 the others; items
    // 2 to 4 wait for the next window (less the moment between prepare and the first item).
    const starts = [...trace.startTimes].sort((x, y) => x - y);
    expect(starts).toHaveLength(5);
    expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(limits.rateWindowMs - 300);
  });

  it('a model 429 pauses the queue for its Retry-After and costs the item no try', async () => {
    // One try only: if the 429 counted as a failure, the item would fail.
    const q = await queue('pause', { retry: { attempts: 1, baseDelayMs: 50, maxDelayMs: 50 } });
    await q.startWorker([countKind], { concurrency: 2 });
    trace.modelCalls.length = 0;
    const { id } = await q.submit({
      id: randomUUID(),
      kind: 'count',
      owner: 'o',
      input: { items: items(1, 'model') },
    });
    await drain(q, id);
    const record = await q.get(id);
    expect((record!.result as CountResult).failed).toEqual([]);
    expect(record).toMatchObject({ state: 'succeeded', progress: { done: 1, failed: 0 } });
    expect((record!.result as CountResult).done).toEqual(['i0']);
    expect(llm.requests.map((r) => r.status)).toEqual([429, 200]);
    // The simulator's 429 says Retry-After: 1.
    expect(trace.modelCalls[1]! - trace.modelCalls[0]!).toBeGreaterThanOrEqual(950);
  });
});

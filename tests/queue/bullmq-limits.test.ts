import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue, type BullmqQueueOptions } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { drain, until } from './conformance.js';
import { type CountResult, countKind, type ItemMode, trace } from './count-kind.js';

const WORKER = fileURLToPath(new URL('./fixtures/count-worker.ts', import.meta.url));

describe('BullMQ queue: the model limits hold for all workers together (real Redis, worker processes, local model server)', () => {
  let redis: TestRedis;
  let llm: LlmServer;
  const open: BullmqQueue[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    llm = await startLlmServer({ script: (n) => (n === 0 ? '429' : 'ok') });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(open.splice(0).map((q) => q.close()));
  });
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

  it('two worker processes together make no more model calls per window than llm.requests_per_minute', async () => {
    // 6 items of 3 model calls each: a limit on jobs would let 3x the calls through.
    const limit = { rpm: 6, windowMs: 1_500 };
    const arrivals: number[] = [];
    const counted = await startLlmServer({
      script: () => {
        arrivals.push(Date.now());
        return 'ok';
      },
    });
    const started = new Map<number, number>();
    try {
      for (let n = 0; n < 2; n++) {
        const child = spawn(process.execPath, ['--import', 'tsx', WORKER, redis.url, 'calls'], {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: {
            ...process.env,
            JM_LLM_URL: counted.baseUrl,
            JM_RPM: String(limit.rpm),
            JM_RATE_WINDOW_MS: String(limit.windowMs),
          },
        });
        children.push(child);
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          started.set(child.pid ?? 0, out.split('\n').filter((l) => l.startsWith('started ')).length);
        });
        await until(() => out.includes('ready'));
      }
      const api = await queue('calls');
      const { id } = await api.submit({
        id: randomUUID(),
        kind: 'count',
        owner: 'o',
        input: { items: items(6, 'calls') },
      });
      await drain(api, id);
      expect(await api.get(id)).toMatchObject({ state: 'succeeded', progress: { done: 6, failed: 0 } });
      // Both processes ran items (two at a time each), so the limit held across processes.
      expect([...started.values()].filter((n) => n > 0)).toHaveLength(2);
      expect(arrivals).toHaveLength(18);
      arrivals.sort((x, y) => x - y);
      // Any rpm+1 calls span about one window or more. The slots are taken on Redis's clock and the
      // calls counted where they arrive, so the way between (slow on a busy machine) is allowed
      // for; with no shared limit the 18 calls arrive within a few hundred ms.
      const slackMs = 500;
      for (let i = 0; i + limit.rpm < arrivals.length; i++) {
        expect(arrivals[i + limit.rpm]! - arrivals[i]!).toBeGreaterThanOrEqual(limit.windowMs - slackMs);
      }
      // 18 calls at 6 per window need three windows: the last starts two windows after the first.
      expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2 * limit.windowMs - slackMs);
    } finally {
      await counted.close();
    }
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

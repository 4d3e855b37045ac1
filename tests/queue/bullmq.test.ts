import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { describeQueueConformance, drain } from './conformance.js';
import { countKind } from './count-kind.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.close());

describeQueueConformance('bullmq on a real redis-server', () =>
  BullmqQueue.open({
    url: redis.url,
    prefix: 'conformance',
    logger: new MemoryLogger(),
    services: testServices(),
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  }),
);

describe('bullmq: counts for /metrics', () => {
  it('counts tasks per state and BullMQ jobs per state', async () => {
    const q = await BullmqQueue.open({
      url: redis.url,
      prefix: 'counts',
      logger: new MemoryLogger(),
      services: testServices(),
    });
    try {
      await q.startWorker([countKind], { concurrency: 2 });
      const input = {
        items: [
          { id: 'a', mode: 'ok' },
          { id: 'b', mode: 'fail' },
        ],
      };
      const { id } = await q.submit({ id: randomUUID(), kind: 'count', owner: 'o', input });
      await drain(q, id);
      const slow = { items: [{ id: 's', mode: 'slow' }] };
      await q.cancel((await q.submit({ id: randomUUID(), kind: 'count', owner: 'o', input: slow })).id);
      expect(await q.counts()).toEqual({ succeeded: 1, cancelled: 1 });
      const depth = await q.depth();
      // prepare + finish + the ok item completed; the failing item failed (after its one final try).
      expect(depth['failed']).toBe(1);
      expect(depth['completed']).toBeGreaterThanOrEqual(3);
    } finally {
      await q.close();
    }
  });
});

import { afterAll, beforeAll } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { describeQueueConformance } from './conformance.js';

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

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { ServeFileConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/start.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { until } from '../queue/conformance.js';

describe('serve --no-worker on queue.backend redis (real redis-server)', () => {
  let redis: TestRedis;
  let dataDir: string;
  let server: RunningServer;
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = await mkdtemp(path.join(tmpdir(), 'serve-redis-'));
    server = await startServer({
      config: ServeFileConfig.parse({ queue: { backend: 'redis', redis_url: redis.url } }),
      dataDir,
      host: '127.0.0.1',
      port: 0,
      logger: new MemoryLogger(),
      env: {},
      services: testServices(),
      noWorker: true,
    });
  });
  afterAll(async () => {
    await server?.close();
    await redis?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('/readyz says the queue is on Redis, and why not while Redis is away; then ready again by itself', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, queue: 'redis' });
    await redis.stopServer();
    try {
      await until(async () => (await fetch(`${server.url}/readyz`)).status === 503, 50);
      const down = (await (await fetch(`${server.url}/readyz`)).json()) as { problems: string[] };
      expect(down.problems.join(' ')).toContain(`queue: Redis at ${redis.url}`);
    } finally {
      await redis.start();
    }
    await until(async () => (await fetch(`${server.url}/readyz`)).status === 200, 50);
  });

  it('--no-worker needs the Redis backend', async () => {
    await expect(
      startServer({
        config: ServeFileConfig.parse({}),
        dataDir,
        host: '127.0.0.1',
        port: 0,
        logger: new MemoryLogger(),
        env: {},
        services: testServices(),
        noWorker: true,
      }),
    ).rejects.toThrow('--no-worker needs queue.backend "redis"');
  });
});

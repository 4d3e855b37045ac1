import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq/bullmq-queue.js';
import { ServeFileConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/start.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';
import { until } from '../queue/conformance.js';
import { countKind } from '../queue/count-kind.js';

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

  it("/metrics counts the queue's jobs per state at each scrape (waiting, paused, active, delayed, failed, completed)", async () => {
    const depth = async (): Promise<Record<string, number>> => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const out: Record<string, number> = {};
      for (const [, state, value] of text.matchAll(/^jm_queue_jobs\{state="([\w-]+)"\} (\d+)$/gm)) {
        out[state as string] = Number(value);
      }
      return out;
    };
    const queue = server.ctx.queue;
    const submit = (items: { id: string; mode: string }[]) =>
      queue.submit({ id: randomUUID(), kind: 'count', owner: 'o', input: { items, holdMs: 60_000 } });
    // No worker yet: the three tasks' prepare jobs wait.
    const tasks = [
      await submit([
        { id: 's0', mode: 'slow' },
        { id: 's1', mode: 'slow' },
      ]),
      await submit([{ id: 'f0', mode: 'fail' }]),
      await submit([{ id: 't0', mode: 'transient' }]),
    ];
    expect(await depth()).toMatchObject({ waiting: 3, active: 0, paused: 0, completed: 0 });
    // Paused from Bull Board, the same jobs count as paused.
    const admin = server.ctx.db.createToken('ops', true).token;
    const board = (action: string) =>
      fetch(`${server.url}/admin/queues/api/queues/tasks/${action}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}` },
      });
    expect((await board('pause')).status).toBe(200);
    expect(await depth()).toMatchObject({ waiting: 0, paused: 3 });
    expect((await board('resume')).status).toBe(200);
    // A worker on another connection (another machine): slow items hold, the transient one waits
    // out its backoff, the failing one fails (and its task finishes: 3 prepares + 1 finish done).
    const worker = await BullmqQueue.open({
      url: redis.url,
      logger: new MemoryLogger(),
      services: testServices(),
      retry: { attempts: 3, baseDelayMs: 30_000, maxDelayMs: 30_000 },
    });
    try {
      await worker.startWorker([countKind], { concurrency: 4 });
      await until(async () => {
        const d = await depth();
        return d['active'] === 2 && d['delayed'] === 1 && d['failed'] === 1 && d['completed'] === 4;
      }, 100);
      expect(await depth()).toMatchObject({ waiting: 0, paused: 0, 'waiting-children': 2 });
    } finally {
      for (const task of tasks) await queue.cancel(task.id);
      await worker.close();
    }
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

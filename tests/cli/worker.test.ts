import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { BullmqQueue } from '../../src/queue/bullmq/bullmq-queue.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { until } from '../queue/conformance.js';

const DEPLOY_CONFIG = fileURLToPath(new URL('../../deploy/config.yaml', import.meta.url));

const sink = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
};

describe('npm run worker (real redis-server)', () => {
  let redis: TestRedis;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = await mkdtemp(path.join(tmpdir(), 'worker-cli-'));
  });
  afterAll(async () => {
    await redis?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const io = (signal: AbortSignal, env: NodeJS.ProcessEnv = {}) => {
    const stdout = sink();
    const stderr = sink();
    return { io: { stdout: stdout.stream, stderr: stderr.stream, env, cwd: dir, signal }, stderr };
  };

  it('--help: the usage on stdout, exit 0, without Redis', async () => {
    const stdout = sink();
    const cliIo = {
      stdout: stdout.stream,
      stderr: sink().stream,
      env: {},
      cwd: dir,
      signal: new AbortController().signal,
    };
    expect(await runCli(['worker', '--help'], cliIo)).toBe(0);
    expect(stdout.text()).toContain('usage: worker --config <file>');
  });

  it('without queue.redis_url or $REDIS_URL: exit 2 naming the key', async () => {
    await writeFile(path.join(dir, 'none.yaml'), 'queue:\n  backend: redis\n');
    const { io: cliIo, stderr } = io(new AbortController().signal);
    expect(await runCli(['worker', '--config', 'none.yaml'], cliIo)).toBe(2);
    expect(stderr.text()).toContain('queue.redis_url');
  });

  it('a bad --concurrency: exit 2', async () => {
    const { io: cliIo, stderr } = io(new AbortController().signal, { REDIS_URL: redis.url });
    expect(await runCli(['worker', '--concurrency', 'many'], cliIo)).toBe(2);
    expect(stderr.text()).toContain('--concurrency many');
  });

  it('with the shipped deploy/config.yaml: joins the queue on $REDIS_URL and leaves it on Ctrl-C, exit 0', async () => {
    const stop = new AbortController();
    const { io: cliIo, stderr } = io(stop.signal, { REDIS_URL: redis.url });
    const running = runCli(['worker', '--config', DEPLOY_CONFIG, '--concurrency', '3'], cliIo);
    const api = await BullmqQueue.open({ url: redis.url, logger: new MemoryLogger() });
    try {
      await until(async () => (await api.bull.getWorkers()).length === 1, 50);
      // The worker is seen in Redis as soon as it connects; its line follows (the test's timeout
      // fails it when the line never comes).
      await until(() => stderr.text().includes('running screen, tailor, match items'), 20);
      stop.abort();
      expect(await running).toBe(0);
      await until(async () => (await api.bull.getWorkers()).length === 0, 50);
    } finally {
      await api.close();
    }
  });
});

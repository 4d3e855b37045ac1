import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { ServerDb } from '../../src/server/db.js';
import { type CliProcess, startCli } from '../helpers/cli-process.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { until } from '../queue/conformance.js';
import { resumeForm } from './harness.js';

/**
 * SIGTERM is what a container orchestrator sends before it kills: `serve` and `worker` on the
 * Redis backend must exit 0 soon after it, also when Redis went away and came back while they ran,
 * or is away at that moment (ioredis connections that retry forever must not hold them up).
 */
// Well above the documented shutdown bound (10 s), well below an orchestrator's kill (30 s).
const EXIT_WITHIN_MS = 20_000;

let redis: TestRedis;
/** A model that never answers: an item in hand at SIGTERM stays in hand. */
let llm: LlmServer;
let dir: string;
let config: string;
const processes: CliProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  llm = await startLlmServer({ script: () => 'hang' });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-shutdown-'));
  config = path.join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      queue: { backend: 'redis', redis_url: redis.url },
      llm: { model: 'sim-model', base_url: llm.baseUrl, max_retries: 0, timeout_ms: 120_000 },
    }),
  );
});

afterAll(async () => {
  for (const p of processes) await p.kill();
  await llm?.close();
  await redis?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function start(command: 'serve' | 'worker'): CliProcess {
  const args =
    command === 'serve'
      ? ['serve', '--port', '0', '--data', path.join(dir, `data-${processes.length}`), '--config', config]
      : ['worker', '--config', config];
  const p = startCli(args, { OPENAI_API_KEY: 'sk-test-local-server-key' });
  processes.push(p);
  return p;
}

async function ready(p: CliProcess, command: 'serve' | 'worker'): Promise<void> {
  const sign = command === 'serve' ? 'serving on' : 'running screen';
  await until(() => p.output().includes(sign) || p.child.exitCode !== null, 100);
  expect(p.output()).toContain(sign);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then the exit code, or null when it has not exited within EXIT_WITHIN_MS. */
async function terminate(p: CliProcess): Promise<number | null> {
  const exited = once(p.child, 'exit').then(([code]) => code as number | null);
  p.child.kill('SIGTERM');
  const timer = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), EXIT_WITHIN_MS));
  const result = await Promise.race([exited, timer]);
  return result === 'stuck' ? null : result;
}

describe.each(['serve', 'worker'] as const)('%s on Redis exits 0 soon after SIGTERM', (command) => {
  it('after Redis was restarted while it ran', async () => {
    const p = start(command);
    await ready(p, command);
    await redis.restart();
    // Its connections have noticed and come back (BullMQ's blocking command included).
    await sleep(3_000);
    expect(await terminate(p), p.output()).toBe(0);
  });

  it('with Redis just back from an outage (connections still waiting to reconnect)', async () => {
    const p = start(command);
    await ready(p, command);
    await redis.stopServer();
    await sleep(2_500);
    await redis.start();
    expect(await terminate(p), p.output()).toBe(0);
  });

  it('with Redis down at the moment of SIGTERM', async () => {
    const p = start(command);
    await ready(p, command);
    await redis.stopServer();
    try {
      // Long enough that every connection is between two reconnect attempts.
      await sleep(2_500);
      expect(await terminate(p), p.output()).toBe(0);
    } finally {
      await redis.start();
    }
  });
});

describe('serve on Redis with an item in hand (its model call unanswered) at SIGTERM', () => {
  it('leaves the item after its bound and exits 0, with Redis up and with Redis down', async () => {
    for (const redisDown of [false, true]) {
      const data = path.join(dir, `busy-${redisDown}`);
      const db = new ServerDb(data);
      const { token } = db.createToken('recruiter', false);
      db.close();
      const p = startCli(['serve', '--port', '0', '--data', data, '--config', config], {
        OPENAI_API_KEY: 'sk-test-local-server-key',
      });
      processes.push(p);
      await ready(p, 'serve');
      const url = /serving on (http:\/\/\S+) /.exec(p.output())?.[1] as string;
      const calls = llm.requests.length;
      // The answer does not matter: the item's model call is what stays in hand.
      void fetch(`${url}/api/screenings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: await resumeForm(['sam-rivera.txt'], { llm: 'true' }),
      }).catch(() => {});
      await until(() => llm.requests.length > calls, 100);
      if (redisDown) await redis.stopServer();
      try {
        expect(await terminate(p), p.output()).toBe(0);
        expect(p.output()).toContain('its items in hand go to another worker');
      } finally {
        if (redisDown) await redis.start();
      }
    }
    // Two processes, each held up to its 10 s bound.
  }, 120_000);
});

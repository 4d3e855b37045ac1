import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ServerDb } from '../../src/server/db.js';
import { type CliProcess, startCli } from '../helpers/cli-process.js';
import { freePort, type TestRedis } from '../helpers/redis.js';
import { until } from './conformance.js';

export interface Deployment {
  api: CliProcess;
  workers: CliProcess[];
  /** A request to the API with the user's token. */
  call(pathname: string, init?: RequestInit): Promise<Response>;
  /** Every process's last output, for a failure message. */
  tails(): string;
}

/**
 * A deployment on 127.0.0.1 as the README's "Running on many machines" describes it: `serve
 * --no-worker` and `workers` worker processes on one Redis, one user token. The caller kills the
 * processes (they are in `into` as soon as they start).
 */
export async function startDeployment(options: {
  dir: string;
  redis: TestRedis;
  /** The config's llm and serve keys (queue is set here). */
  config: Record<string, unknown>;
  workers: number;
  concurrency: number;
  into: CliProcess[];
}): Promise<Deployment> {
  const config = path.join(options.dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      // A dead worker's items go to another worker within seconds, not the default 30 s.
      queue: { backend: 'redis', redis_url: options.redis.url, lock_duration: '3s' },
      ...options.config,
    }),
  );
  const dataDir = path.join(options.dir, 'data');
  const db = new ServerDb(dataDir);
  const { token } = db.createToken('recruiter', false);
  db.close();
  const env = { OPENAI_API_KEY: 'sk-test-local-server-key' };
  const port = await freePort();
  const api = startCli(
    [
      'serve',
      '--no-worker',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--config',
      config,
    ],
    env,
  );
  options.into.push(api);
  // A worker keeps its machine's caches and handled jobs under the temporary folder: the test's own.
  const workerTmp = path.join(options.dir, 'worker-tmp');
  await mkdir(workerTmp, { recursive: true });
  const workers = Array.from({ length: options.workers }, () =>
    startCli(['worker', '--config', config, '--concurrency', String(options.concurrency)], {
      ...env,
      TMPDIR: workerTmp,
    }),
  );
  options.into.push(...workers);
  await until(() => api.output().includes('serving on'), 100);
  for (const w of workers) await until(() => w.output().includes('running screen'), 100);
  const base = `http://127.0.0.1:${port}`;
  return {
    api,
    workers,
    call: (pathname, init = {}) =>
      fetch(`${base}${pathname}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
      }),
    tails: () => [api, ...workers].map((p, i) => `--- process ${i}:\n${p.output().slice(-1500)}`).join('\n'),
  };
}

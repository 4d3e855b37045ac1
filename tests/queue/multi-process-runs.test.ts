import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { CliProcess } from '../helpers/cli-process.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { until } from './conformance.js';
import { startDeployment } from './deployment.js';

const RESUME = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
type Json = Record<string, any>;

/**
 * POST /api/runs on the Redis backend: the API (`serve --no-worker`) and a worker in its own
 * process share nothing but Redis; the run reads the simulator's boards, writes with the local
 * model server, and every file it made downloads from the API.
 */
describe('a match run on Redis with a separate worker process', () => {
  let redis: TestRedis;
  let llm: LlmServer;
  let sim: Simulator;
  let dir: string;
  const processes: CliProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    llm = await startLlmServer({ latencyMs: 5 });
    sim = await startSimulator({ boards: demoBoards() });
    dir = await mkdtemp(path.join(tmpdir(), 'jm-many-runs-'));
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await sim?.close();
    await llm?.close();
    await redis?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs, and the API serves its files, its zip and its review', async () => {
    const { call, tails } = await startDeployment({
      dir,
      redis,
      config: {
        llm: { model: 'sim-model', base_url: llm.baseUrl, max_retries: 0, requests_per_minute: 100_000 },
        // The simulator's boards are on 127.0.0.1, which the service's HTTP client refuses otherwise.
        serve: { url_allowlist: ['127.0.0.1'], rate_limit_per_minute: 100_000 },
      },
      workers: 1,
      concurrency: 2,
      into: processes,
    });
    const matchRun = async (
      fields: Record<string, string> = {},
    ): Promise<{ location: string; task: Json }> => {
      const form = new FormData();
      const config = demoConfig(sim.origin, {
        resume: 'mine.md',
        outputDir: 'out',
        companies: DEMO_COMPANIES,
      });
      form.append('config', new Blob([JSON.stringify(config)]), 'config.json');
      form.append('resume', new Blob([await readFile(RESUME)]), 'resume.md');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const submitted = await call('/api/runs', { method: 'POST', body: form });
      expect(submitted.status, await submitted.clone().text()).toBe(202);
      const location = submitted.headers.get('location') as string;
      let task: Json = {};
      const deadline = Date.now() + 100_000;
      await until(async () => {
        if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(task)}\n${tails()}`);
        task = (await (await call(location)).json()) as Json;
        return ['succeeded', 'failed', 'cancelled'].includes(task['state']);
      }, 200);
      return { location, task };
    };
    const { location, task } = await matchRun();
    expect(task, tails()).toMatchObject({
      kind: 'match',
      state: 'succeeded',
      progress: { done: 1, total: 1 },
    });
    const run = task['result'].candidates[0];
    expect(run.generated).toBeGreaterThan(0);
    expect(run.applications.length).toBe(run.generated);
    expect(sim.requests.some((r) => r.kind === 'greenhouse')).toBe(true);
    expect(llm.requests.length).toBeGreaterThan(0);

    // The worker's files are in the result store: each downloads whole from the API.
    const files = task['files'] as { name: string; size: number; url: string }[];
    const names = files.map((f) => f.name);
    for (const a of run.applications) expect(names).toContain(`${a.folder}/resume.md`);
    expect(names.some((n) => n.endsWith('summary.json'))).toBe(true);
    for (const file of files) {
      const response = await call(file.url);
      expect(response.status, file.name).toBe(200);
      expect((await response.arrayBuffer()).byteLength, file.name).toBe(file.size);
    }
    const zip = await call(`${location}/download.zip`);
    expect(zip.status).toBe(200);
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // The review lists the run's applications (marks are the API's).
    const review = (await (await call(`${location}/review`)).json()) as Json;
    expect(review['candidates'][0].applications.map((a: Json) => a['id'])).toEqual(
      run.applications.map((a: Json) => a.id),
    );

    // A job marked not interested in the API is not proposed again by the worker, even with force
    // (the marks are in the API's database; they travel with the task).
    const [declined, ...others] = run.applications.map((a: Json) => a.id as string);
    const marked = await call(
      `/api/candidates/${run.candidate}/marks/${encodeURIComponent(declined as string)}`,
      {
        method: 'PUT',
        body: JSON.stringify({ mark: 'not_interested' }),
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(marked.status).toBe(200);
    const again = (await matchRun({ force: 'true' })).task;
    expect(again['state'], tails()).toBe('succeeded');
    const ids = again['result'].candidates[0].applications.map((a: Json) => a['id']);
    expect(ids).not.toContain(declined);
    expect(ids).toEqual(expect.arrayContaining(others));
  }, 240_000);
});

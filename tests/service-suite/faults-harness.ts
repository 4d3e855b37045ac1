import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { benchResumes, toMarkdown } from '../../bench/make-resumes.js';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { ServerDb } from '../../src/server/db.js';
import type { TaskView } from '../../src/server/task-view.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.js';
import { JOB_TEXT } from '../server/harness.js';
import { CliProcess } from './faults-process.js';

/**
 * The service as deployed, for the fault rows: `serve` (embedded queue, or `--no-worker` on
 * Redis) and `worker` processes from the real command line, one config file, a data folder, a
 * token, and a client speaking real HTTP to it.
 */
export type Backend = 'memory' | 'redis';

export interface SuiteOptions {
  backend: Backend;
  /** The local model server's base URL (sim/llm-server.ts). */
  llmBaseUrl: string;
  redisUrl?: string;
  /** Merged over the suite's defaults, key by key per section. */
  config?: { serve?: object; llm?: object; queue?: object };
}

export interface SuiteService {
  readonly backend: Backend;
  readonly dataDir: string;
  readonly url: string;
  server: CliProcess | null;
  readonly workers: CliProcess[];
  /** `serve` on the suite's port (the same after every restart); on Redis without a worker. */
  startServer(): Promise<CliProcess>;
  startWorker(): Promise<CliProcess>;
  call(pathname: string, init?: RequestInit): Promise<Response>;
  /** The task with its files and result (a directory listing: slow for big tasks). */
  task(id: string): Promise<TaskView>;
  /** The task's state and progress from the list (cheap: no files, no result). */
  status(id: string): Promise<TaskView>;
  /** Polls `status` until `done`. */
  waitStatus(id: string, done: (t: TaskView) => boolean, timeoutMs?: number): Promise<TaskView>;
  /** Polls `status` until `done`, then returns the whole `task`. */
  waitTask(id: string, done: (t: TaskView) => boolean, timeoutMs?: number): Promise<TaskView>;
  close(): Promise<void>;
}

export const TERMINAL = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (t: TaskView): boolean => TERMINAL.includes(t.state);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function suiteService(options: SuiteOptions): Promise<SuiteService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jm-faults-'));
  const configFile = path.join(dataDir, '..', `${path.basename(dataDir)}.config.json`);
  const config = {
    serve: {
      // The suite polls status often; the API's own rate limit is not under test here.
      rate_limit_per_minute: 1_000_000,
      max_files: 500,
      cache_ttl: 0,
      item_concurrency: 4,
      tasks_concurrency: 4,
      ...options.config?.serve,
    },
    llm: {
      model: 'sim-model',
      base_url: options.llmBaseUrl,
      max_retries: 0,
      timeout_ms: 5_000,
      concurrency: 8,
      requests_per_minute: 1_000_000,
      ...options.config?.llm,
    },
    queue: {
      backend: options.backend,
      ...(options.redisUrl ? { redis_url: options.redisUrl } : {}),
      // A killed worker's items go to another worker within 1.5 s, not BullMQ's 45.
      // Short, so a killed worker's items move within seconds, but not so short that a live worker
      // on a busy machine misses its lock's renewal (its item then counts as stalled).
      lock_duration: 3_000,
      ...options.config?.queue,
    },
  };
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const db = new ServerDb(dataDir);
  const token = db.createToken('faults', false).token;
  db.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { REDIS_URL: _redis, ...parentEnv } = process.env;
  const env = { ...parentEnv, OPENAI_API_KEY: 'sk-test-faults-suite' };
  const workers: CliProcess[] = [];
  // Every process started, so close() ends them all, also one still starting when a test timed out.
  const started = new Set<CliProcess>();
  let closed = false;
  const keep = async (proc: CliProcess): Promise<CliProcess> => {
    started.add(proc);
    if (closed) await proc.stop();
    return proc;
  };

  const svc: SuiteService = {
    backend: options.backend,
    dataDir,
    url,
    server: null,
    workers,
    async startServer() {
      const args = ['serve', '--port', String(port), '--data', dataDir, '--config', configFile];
      if (options.backend === 'redis') args.push('--no-worker');
      const { proc } = await CliProcess.start(args, /serving on /, env);
      svc.server = proc;
      return keep(proc);
    },
    async startWorker() {
      const args = ['worker', '--config', configFile];
      const { proc } = await CliProcess.start(args, /\[worker\] running /, env);
      workers.push(proc);
      return keep(proc);
    },
    call(pathname, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(`${url}${pathname}`, { ...init, headers });
    },
    async task(id) {
      const res = await svc.call(`/api/tasks/${id}`);
      if (res.status !== 200) throw new Error(`GET /api/tasks/${id}: ${res.status} ${await res.text()}`);
      return (await res.json()) as TaskView;
    },
    async status(id) {
      const res = await svc.call('/api/tasks?limit=100');
      if (res.status !== 200) throw new Error(`GET /api/tasks: ${res.status} ${await res.text()}`);
      const found = ((await res.json()) as { tasks: TaskView[] }).tasks.find((t) => t.id === id);
      if (!found) throw new Error(`task ${id} is not in the list`);
      return found;
    },
    async waitTask(id, done, timeoutMs) {
      await svc.waitStatus(id, done, timeoutMs);
      return svc.task(id);
    },
    async waitStatus(id, done, timeoutMs = 90_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const task = await svc.status(id).catch(() => null);
        if (task && done(task)) return task;
        if (Date.now() > end) throw new Error(`task ${id}: not there in time (${JSON.stringify(task)})`);
        await sleep(10);
      }
    },
    async close() {
      closed = true;
      await Promise.all([...started].map((p) => p.stop()));
      await rm(dataDir, { recursive: true, force: true });
      await rm(configFile, { force: true });
    },
  };
  return svc;
}

/** A screening form: the job as text, `count` distinct Markdown resumes (seeded). */
export function screeningForm(count: number, fields: Record<string, string> = { llm: 'true' }): FormData {
  const form = new FormData();
  form.append('job_text', JOB_TEXT);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  benchResumes(count).forEach((r, i) => {
    form.append('resumes', new Blob([toMarkdown(r)]), `resume-${String(i).padStart(3, '0')}.md`);
  });
  return form;
}

/** Submits a screening and returns its task id (202: always answered at once). */
export async function submitScreening(svc: SuiteService, count: number): Promise<string> {
  const res = await svc.call('/api/screenings', {
    method: 'POST',
    body: screeningForm(count),
    headers: { prefer: 'respond-async' },
  });
  if (res.status !== 202) throw new Error(`POST /api/screenings: ${res.status} ${await res.text()}`);
  return ((await res.json()) as TaskView).id;
}

/** What a fault row runs against; a row that starts the model again puts the new one in `llm`. */
export interface FaultsRig {
  llm: LlmServer;
  redis: TestRedis | null;
  svc: SuiteService;
}

export interface RigOptions {
  /** The local model's answer time. */
  latencyMs: number;
  /** The model's port (a row that stops the model starts it again on the same one). */
  port?: number;
  config?: SuiteOptions['config'];
}

/**
 * The fault rows' setup and teardown, called in a describe: `start` brings up the local model,
 * Redis (AOF on) on the redis backend, and the service with `serve` (and one `worker` on Redis);
 * after each test all of it is closed, also what a failed or timed-out start left half up.
 */
export function useFaultsRig(): { start(backend: Backend, options: RigOptions): Promise<FaultsRig> } {
  let parts: Partial<FaultsRig> = {};
  afterEach(async () => {
    const { svc, llm, redis } = parts;
    parts = {};
    await svc?.close();
    await llm?.close();
    await redis?.close();
  });
  return {
    async start(backend, options) {
      parts = { redis: null };
      parts.llm = await startLlmServer({
        latencyMs: options.latencyMs,
        ...(options.port ? { port: options.port } : {}),
      });
      if (backend === 'redis') parts.redis = await startRedis();
      parts.svc = await suiteService({
        backend,
        llmBaseUrl: parts.llm.baseUrl,
        ...(parts.redis ? { redisUrl: parts.redis.url } : {}),
        ...(options.config ? { config: options.config } : {}),
      });
      await parts.svc.startServer();
      if (backend === 'redis') await parts.svc.startWorker();
      // The same object afterEach closes: a model started again by the row is closed too.
      return parts as FaultsRig;
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchResumes, toDocx, toJsonResume, toMarkdown } from '../../bench/make-resumes.js';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import type { CliProcess } from '../helpers/cli-process.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { JOB_TEXT } from '../server/harness.js';
import { until } from './conformance.js';
import { startDeployment } from './deployment.js';

const RESUMES = 200;

interface TaskBody {
  id: string;
  state: string;
  progress: { done: number; failed: number; total: number };
  files?: { name: string; size: number; url: string }[];
  result?: { ranked: { file: string; rank: number }[]; notScreened: unknown[] };
}

describe('many machines on 127.0.0.1: one API process, three worker processes, real Redis', () => {
  let redis: TestRedis;
  let llm: LlmServer;
  let dir: string;
  const processes: CliProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    llm = await startLlmServer({ latencyMs: 20 });
    dir = await mkdtemp(path.join(tmpdir(), 'jm-many-'));
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await llm?.close();
    await redis?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('screens 200 resumes with a worker SIGKILLed and Redis restarted: each ranked once, every file downloads', async () => {
    const { workers, call, tails } = await startDeployment({
      dir,
      redis,
      config: {
        llm: { model: 'sim-model', base_url: llm.baseUrl, max_retries: 0, requests_per_minute: 100_000 },
        serve: { max_files: RESUMES, item_concurrency: 4, rate_limit_per_minute: 100_000 },
      },
      workers: 3,
      concurrency: 4,
      into: processes,
    });
    const form = new FormData();
    form.set('job_text', JOB_TEXT);
    form.set('llm', 'true');
    const names: string[] = [];
    for (const [i, resume] of benchResumes(RESUMES).entries()) {
      // Markdown, JSON Resume and DOCX: the parse pool's formats, as the tests' fixtures are made.
      const [name, data] =
        i % 3 === 0
          ? [`r${i}.md`, toMarkdown(resume)]
          : i % 3 === 1
            ? [`r${i}.json`, toJsonResume(resume)]
            : [`r${i}.docx`, await toDocx(resume)];
      names.push(name);
      form.append('resumes', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), name);
    }
    const submitted = await call('/api/screenings', { method: 'POST', body: form });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as TaskBody;

    let last: TaskBody | null = null;
    /** The task as the API shows it; null while the API answers 503 (Redis restarting). */
    const task = async (): Promise<TaskBody | null> => {
      const response = await call(`/api/tasks/${id}`).catch(() => null);
      const body = response?.ok ? ((await response.json()) as TaskBody) : null;
      if (body) last = body;
      return body;
    };
    // A step that does not come says where the run stood and what each process printed last. The
    // run takes about a minute alone on the machine; the margin is for a machine shared with others.
    const deadline = Date.now() + 200_000;
    const step = (what: string, check: () => Promise<boolean>) =>
      until(async () => {
        if (Date.now() > deadline) {
          throw new Error(
            `${what}: not reached; last ${JSON.stringify(last?.progress)} ${last?.state}\n${tails()}`,
          );
        }
        return check();
      }, 100);
    await step('30 done', async () => ((await task())?.progress.done ?? 0) >= 30);
    workers[0]!.child.kill('SIGKILL');
    let before: TaskBody | null = null;
    await step('90 done', async () => {
      before = await task();
      return (before?.progress.done ?? 0) >= 90;
    });
    // Mid-run: items still to go when Redis goes away.
    expect((before as TaskBody | null)?.progress.done).toBeLessThan(RESUMES);
    await redis.restart();
    await step('succeeded', async () => (await task())?.state === 'succeeded');

    const done = (await task()) as TaskBody;
    expect(done.progress).toMatchObject({ done: RESUMES, failed: 0, total: RESUMES });
    // Every resume ranked exactly once.
    const ranked = done.result?.ranked ?? [];
    expect(ranked.map((r) => path.basename(r.file)).sort()).toEqual([...names].sort());
    expect(ranked.map((r) => r.rank)).toEqual(names.map((_, i) => i + 1));
    expect(done.result?.notScreened).toEqual([]);
    // Every file the workers wrote downloads from the API (no shared disk), whole.
    const files = done.files ?? [];
    expect(files.filter((f) => f.name.startsWith('candidates/'))).toHaveLength(RESUMES);
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['ranking.csv', 'index.html']));
    for (const file of files) {
      const response = await call(file.url);
      expect(response.status, file.name).toBe(200);
      expect((await response.arrayBuffer()).byteLength, file.name).toBe(file.size);
    }
    // The two live workers finished the killed one's items; they are still running.
    expect(workers[1]!.child.exitCode).toBeNull();
    expect(workers[2]!.child.exitCode).toBeNull();
  }, 240_000);
});

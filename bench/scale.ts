import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLlmServer } from '../sim/llm-server.js';
import { ServerDb } from '../src/server/db.js';
import { type CliProcess, startCli } from '../tests/helpers/cli-process.js';
import { freePort, startRedis } from '../tests/helpers/redis.js';
import { JOB_TEXT } from '../tests/server/harness.js';
import { benchResumes, toDocx, toJsonResume, toMarkdown } from './make-resumes.js';

/**
 * `npm run bench -- --scale`: one screening of 400 resumes with the model answering each in 1 s,
 * 5 items at once per worker, on 1, 2 and 4 worker processes (the CLI, `serve --no-worker` as the
 * API, a fresh redis-server with AOF per run), and once on the embedded queue (`serve`, 5 at
 * once). The work waits on the model, so throughput should grow with the workers: the targets are
 * 2 workers >= 1.8x and 4 >= 3.2x one. The queue's overhead per item is the time one item holds a
 * slot on Redis (1 worker) minus the same on the embedded queue.
 */

const USAGE =
  'usage: npm run bench -- --scale [--items 400] [--latency-ms 1000] [--per-worker 5] [--workers 1,2,4]';
const TARGETS: Record<number, number> = { 2: 1.8, 4: 3.2 };

interface Setup {
  items: number;
  latencyMs: number;
  perWorker: number;
  resumes: { name: string; data: string | Uint8Array }[];
}

interface RunFigures {
  label: string;
  workers: number;
  wallMs: number;
  itemsPerSecond: number;
  /** ms one item holds one of the slots (wall time x slots / items). */
  slotMsPerItem: number;
  /** CPU ms per item of the API and worker processes (what a 2-core machine has to give). */
  cpuMsPerItem: number;
  /** Model requests being answered at once: the most, and the mean over the run (what was in flight). */
  modelMaxInFlight: number;
  modelMeanInFlight: number;
  /** Median ms the model server took per answer (its 1 s wait plus building the reply). */
  modelMedianMs: number;
}

/** CPU time (user + system) a live process has used, from /proc; 0 where there is no /proc. */
async function cpuMsOf(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime is the 12th, stime the 13th (in ticks).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function until(check: () => Promise<boolean>, stepMs: number, limitMs: number, what: string) {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench --scale: ${what} did not happen within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** One screening of every resume on `workers` worker processes (0: the embedded queue). */
async function run(setup: Setup, workers: number): Promise<RunFigures> {
  const label = workers === 0 ? 'embedded queue' : `redis, ${workers} worker${workers === 1 ? '' : 's'}`;
  process.stderr.write(`[bench] scale: ${label}...\n`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jm-scale-'));
  // Fresh every run: the model cache (in Redis or the data folder) must not answer for the model.
  const redis = workers > 0 ? await startRedis() : null;
  const llm = await startLlmServer({ latencyMs: setup.latencyMs });
  const processes: CliProcess[] = [];
  try {
    const config = path.join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        ...(redis ? { queue: { backend: 'redis', redis_url: redis.url } } : {}),
        llm: {
          model: 'sim-model',
          base_url: llm.baseUrl,
          max_retries: 0,
          concurrency: setup.perWorker,
          requests_per_minute: 1_000_000,
        },
        serve: { max_files: setup.items, item_concurrency: setup.perWorker, rate_limit_per_minute: 100_000 },
      }),
    );
    const dataDir = path.join(dir, 'data');
    const db = new ServerDb(dataDir);
    const { token } = db.createToken('bench', false);
    db.close();
    const env = { OPENAI_API_KEY: 'sk-bench-local-server-key' };
    const port = await freePort();
    const serveArgs = [
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--config',
      config,
    ];
    const api = startCli(redis ? [...serveArgs, '--no-worker'] : serveArgs, env);
    processes.push(api);
    const started = Array.from({ length: workers }, () =>
      startCli(['worker', '--config', config, '--concurrency', String(setup.perWorker)], env),
    );
    processes.push(...started);
    // Starting five tsx processes at once on a busy machine can take a while; one that exits says why.
    const ready = (p: CliProcess, mark: string, what: string) =>
      until(
        async () => {
          if (p.child.exitCode !== null)
            throw new Error(`${label}: ${what} exited:\n${p.output().slice(-2000)}`);
          return p.output().includes(mark);
        },
        100,
        180_000,
        `${label}: ${what} starting`,
      );
    await ready(api, 'serving on', 'the API');
    for (const w of started) await ready(w, 'running screen', 'a worker');

    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${token}` };
    const form = new FormData();
    form.set('job_text', JOB_TEXT);
    form.set('llm', 'true');
    for (const r of setup.resumes) form.append('resumes', new Blob([r.data as BlobPart]), r.name);
    const cpuBefore = (await Promise.all(processes.map((p) => cpuMsOf(p.child.pid)))).reduce(
      (a, b) => a + b,
      0,
    );
    const t0 = performance.now();
    const submitted = await fetch(`${base}/api/screenings`, { method: 'POST', body: form, headers });
    if (submitted.status !== 202)
      throw new Error(`${label}: submit answered ${submitted.status}: ${await submitted.text()}`);
    const { id } = (await submitted.json()) as { id: string };
    let task: { state: string; progress: { done: number; failed: number } } | null = null;
    await until(
      async () => {
        task = await (await fetch(`${base}/api/tasks/${id}`, { headers })).json();
        return task?.state === 'succeeded' || task?.state === 'failed';
      },
      100,
      30 * 60_000,
      `${label}: the screening ending`,
    );
    const wallMs = performance.now() - t0;
    // Startup is left out: the processes' CPU before the submission is subtracted.
    const cpuMs = (await Promise.all(processes.map((p) => cpuMsOf(p.child.pid)))).reduce((a, b) => a + b, 0);
    const done = task as { state: string; progress: { done: number; failed: number } } | null;
    if (done?.state !== 'succeeded' || done.progress.done !== setup.items) {
      throw new Error(`${label}: ended ${JSON.stringify(done)}, expected ${setup.items} items done`);
    }
    const calls = llm.requests.filter((r) => r.status === 200).length;
    if (calls < setup.items)
      throw new Error(`${label}: ${calls} model calls for ${setup.items} items (a cache answered)`);
    const slots = setup.perWorker * Math.max(1, workers);
    const times = llm.serviceTimes().sort((a, b) => a - b);
    return {
      modelMaxInFlight: llm.maxInFlight(),
      modelMeanInFlight: times.reduce((a, b) => a + b, 0) / wallMs,
      modelMedianMs: times[Math.floor(times.length / 2)] ?? 0,
      label,
      workers,
      wallMs,
      itemsPerSecond: setup.items / (wallMs / 1000),
      slotMsPerItem: (wallMs * slots) / setup.items,
      cpuMsPerItem: (cpuMs - cpuBefore) / setup.items,
    };
  } finally {
    for (const p of processes) await p.kill();
    await llm.close();
    await redis?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      items: { type: 'string', default: '400' },
      'latency-ms': { type: 'string', default: '1000' },
      'per-worker': { type: 'string', default: '5' },
      workers: { type: 'string', default: '1,2,4' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const items = Number(values.items);
  const latencyMs = Number(values['latency-ms']);
  const perWorker = Number(values['per-worker']);
  const counts = values.workers.split(',').map(Number);
  if (![items, latencyMs, perWorker, ...counts].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(`bench --scale: expected whole numbers above 0\n${USAGE}\n`);
    return 2;
  }
  // Markdown, JSON Resume and DOCX, made once and uploaded in every run.
  const resumes: Setup['resumes'] = [];
  for (const [i, r] of benchResumes(items).entries()) {
    if (i % 3 === 0) resumes.push({ name: `r${i}.md`, data: toMarkdown(r) });
    else if (i % 3 === 1) resumes.push({ name: `r${i}.json`, data: toJsonResume(r) });
    else resumes.push({ name: `r${i}.docx`, data: new Uint8Array(await toDocx(r)) });
  }
  const setup: Setup = { items, latencyMs, perWorker, resumes };
  const loadBefore = os.loadavg()[0] ?? 0;
  const figures: RunFigures[] = [];
  for (const workers of counts) figures.push(await run(setup, workers));
  const embedded = await run(setup, 0);
  const one = figures.find((f) => f.workers === 1);
  const lines = [
    `scale: ${items} screening items, the model answering in ${latencyMs} ms, ${perWorker} items at once per worker (${os.availableParallelism()} cores, load ${loadBefore.toFixed(2)} -> ${(os.loadavg()[0] ?? 0).toFixed(2)})`,
  ];
  let ok = true;
  for (const f of [...figures, embedded]) {
    const ratio = one && f.workers > 0 ? f.itemsPerSecond / one.itemsPerSecond : null;
    const target = TARGETS[f.workers];
    const met = ratio === null || target === undefined || ratio >= target;
    ok &&= met;
    lines.push(
      `  ${f.label.padEnd(18)} ${(f.wallMs / 1000).toFixed(1).padStart(6)} s  ${f.itemsPerSecond.toFixed(2).padStart(6)} items/s` +
        `  ${f.cpuMsPerItem.toFixed(0).padStart(4)} ms CPU/item` +
        `  model in flight max ${f.modelMaxInFlight}, mean ${f.modelMeanInFlight.toFixed(1)}, answer ${f.modelMedianMs.toFixed(0)} ms` +
        (ratio === null ? '' : `  ${ratio.toFixed(2)}x one worker`) +
        (target === undefined || ratio === null ? '' : ` (target >= ${target}x: ${met ? 'ok' : 'MISSED'})`),
    );
  }
  if (one) {
    const overhead = one.slotMsPerItem - embedded.slotMsPerItem;
    lines.push(
      `  queue overhead per item (redis, 1 worker vs embedded; ms an item holds a slot): ${one.slotMsPerItem.toFixed(0)} vs ${embedded.slotMsPerItem.toFixed(0)} ms = ${overhead >= 0 ? '+' : ''}${overhead.toFixed(0)} ms`,
    );
  }
  // With C CPU ms per item on N cores, no number of workers screens faster than N / C items per ms.
  const cpu = Math.max(...figures.map((f) => f.cpuMsPerItem));
  lines.push(
    `  CPU bound on this machine: at most ${((os.availableParallelism() * 1000) / cpu).toFixed(1)} items/s with every core free (${cpu.toFixed(0)} ms CPU per item)`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

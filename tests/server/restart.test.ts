import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { type RunningCli, runCli, startCli } from '../e2e/harness/cli.js';
import { FIXTURES, JOB_TEXT, readSse, waitFor } from './harness.js';

/**
 * Issue 17's "a restart loses nothing" on the embedded queue, with the real `serve` process
 * (node --import tsx src/cli/main.ts serve, as the CLI runs): SIGKILLed while a tailoring runs and
 * a match run waits, then started again on the same --data. The waiting task starts, the running
 * one continues, no item's files are doubled or cut, both end succeeded.
 */
const PEOPLE = 8;
let llm: LlmServer;
let sim: Simulator;
let dir: string;
let dataDir: string;
let configFile: string;
let token = '';
const running: RunningCli[] = [];
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
type Json = Record<string, any>;

beforeAll(async () => {
  llm = await startLlmServer({ latencyMs: 300 });
  sim = await startSimulator({ boards: demoBoards() });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-restart-'));
  dataDir = path.join(dir, 'data');
  configFile = path.join(dir, 'serve.yaml');
  await writeFile(
    configFile,
    JSON.stringify({
      // One task and one item at a time, so the kill finds one task half done and one queued.
      serve: { tasks_concurrency: 1, item_concurrency: 1, url_allowlist: ['127.0.0.1'] },
      llm: { model: 'sim-model', base_url: llm.baseUrl, max_retries: 0, timeout_ms: 10_000 },
    }),
  );
  const created = await runCli({
    cwd: dir,
    args: ['serve', 'token', 'create', '--name', 'alice', '--data', dataDir],
  });
  expect(created.code).toBe(0);
  token = created.stdout.trim().split('\n').at(-1) as string;
});
afterAll(async () => {
  for (const cli of running) cli.signal('SIGKILL');
  await Promise.all(running.map((cli) => cli.exited));
  await sim?.close();
  await llm?.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli({
    cwd: dir,
    args: ['serve', '--port', '0', '--data', dataDir, '--config', configFile],
  });
  running.push(cli);
  let url = '';
  const up = await cli.waitForLine((line) => {
    url = /serving on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
    return url !== '';
  });
  if (!up) throw new Error(`serve did not start:\n${cli.stderr}`);
  return { cli, url };
}

const call = (url: string, pathname: string, init: RequestInit = {}) =>
  fetch(`${url}${pathname}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

async function tailoringForm(): Promise<FormData> {
  const form = new FormData();
  form.append('job_text', JOB_TEXT);
  const base = await readFile(path.join(FIXTURES, 'sam-rivera.txt'), 'utf8');
  for (let i = 1; i <= PEOPLE; i++) {
    const text = `${base.replace('Sam Rivera', `Person ${i} Rivera`)}\nAlso: Skill${i}\n`;
    form.append('resumes', new Blob([text]), `person-${i}.txt`);
  }
  return form;
}

async function runForm(): Promise<FormData> {
  const form = new FormData();
  const config = demoConfig(sim.origin, { resume: 'r.md', outputDir: 'out', companies: DEMO_COMPANIES });
  form.append('config', new Blob([JSON.stringify(config)]), 'config.json');
  form.append(
    'resume',
    new Blob([await readFile(path.join(import.meta.dirname, '../../sim/demo/resume.md'))]),
    'resume.md',
  );
  return form;
}

/** Every file on disk below a folder, relative, temp files included (a cut write would leave one). */
async function filesOnDisk(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('serve: SIGKILL while a task runs, started again on the same --data', () => {
  it('the queued task starts, the running one continues; no file doubled or cut; both succeed', async () => {
    const first = await serve();
    const post = async (pathname: string, body: FormData) => {
      const res = await call(first.url, pathname, {
        method: 'POST',
        body,
        headers: { prefer: 'respond-async' },
      });
      expect(res.status).toBe(202);
      return res.headers.get('location') as string;
    };
    const tailoring = await post('/api/tailorings', await tailoringForm());
    const matchRun = await post('/api/runs', await runForm());
    const status = async (url: string, location: string) =>
      (await (await call(url, location)).json()) as Json;
    await waitFor(
      async () => ((await status(first.url, tailoring))['progress'].done >= 2 ? true : null),
      60_000,
    );
    expect((await status(first.url, matchRun))['state']).toBe('queued');
    const doneBeforeKill = (await status(first.url, tailoring))['progress'].done as number;
    expect(doneBeforeKill).toBeLessThan(PEOPLE);
    first.cli.signal('SIGKILL');
    expect((await first.cli.exited).signal).toBe('SIGKILL');

    const second = await serve();
    const end = async (location: string) =>
      waitFor(async () => {
        const task = await status(second.url, location);
        return ['succeeded', 'failed', 'cancelled'].includes(task['state']) ? task : null;
      }, 150_000);
    const tailored = await end(tailoring);
    const matched = await end(matchRun);
    expect(tailored).toMatchObject({
      state: 'succeeded',
      progress: { done: PEOPLE, failed: 0, total: PEOPLE },
    });
    expect(matched).toMatchObject({ kind: 'match', state: 'succeeded', progress: { done: 1, failed: 0 } });
    expect(matched['result'].candidates[0].generated).toBeGreaterThan(0);

    // Continued, not started over: each item was done once over both processes.
    const events = await readSse(await call(second.url, `${tailoring}/events`));
    const doneItems = events
      .filter((e) => e.data.type === 'item-done')
      .map((e) => (e.data as Json)['itemId']);
    expect(doneItems.length).toBe(PEOPLE);
    expect(new Set(doneItems).size).toBe(PEOPLE);

    // Each person once, in one folder each, with whole files; no temp file left by the kill.
    const people = tailored['result'].people as Json[];
    expect(people.length).toBe(PEOPLE);
    expect(new Set(people.map((p) => p['folder'])).size).toBe(PEOPLE);
    const id = tailoring.split('/').at(-1) as string;
    const root = path.join(dataDir, 'tasks', id, 'files');
    const onDisk = await filesOnDisk(root);
    expect(onDisk.filter((n) => n.includes('.tmp-'))).toEqual([]);
    for (const person of people) {
      const mine = onDisk.filter((n) => n.startsWith(`${person['folder']}/`)).map((n) => path.basename(n));
      expect(mine.sort()).toEqual([...person['files']].sort());
      for (const name of mine) {
        const bytes = await readFile(path.join(root, person['folder'], name));
        if (name.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8'))).not.toThrow();
        if (name.endsWith('.docx')) expect(bytes.subarray(0, 2).toString()).toBe('PK');
        expect(bytes.length).toBeGreaterThan(0);
      }
    }
    // The match run's applications: each folder once, nothing half-written.
    const matchId = matchRun.split('/').at(-1) as string;
    const matchFiles = await filesOnDisk(path.join(dataDir, 'tasks', matchId, 'files'));
    expect(matchFiles.filter((n) => n.includes('.tmp-'))).toEqual([]);
    const folders = matched['result'].candidates[0].applications.map((a: Json) => a['folder']);
    expect(new Set(folders).size).toBe(folders.length);
    second.cli.signal('SIGTERM');
    expect((await second.cli.exited).code).toBe(0);
  }, 300_000);
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { readSse, type ServeHarness, serveHarness, waitFor } from './harness.js';

/**
 * POST /api/runs over real HTTP: a match run (the CLI's startMatchRun, one item per candidate)
 * against the career-site simulator, generating with the local model server.
 */
const RESUME = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
let sim: Simulator;
let h: ServeHarness;
let dir: string;
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
type Json = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Json;

beforeAll(async () => {
  sim = await startSimulator({ boards: demoBoards() });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-runs-'));
  h = await serveHarness({ llm: { latencyMs: 5 } });
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The demo config as a user would upload it (its output_dir and llm are the server's to decide). */
async function runForm(fields: Record<string, string> = {}, companies = DEMO_COMPANIES): Promise<FormData> {
  const config = demoConfig(sim.origin, { resume: 'mine.md', outputDir: '/etc/not-here', companies });
  const form = new FormData();
  form.append('config', new Blob([JSON.stringify(config)]), 'config.json');
  form.append('resume', new Blob([await readFile(RESUME)]), 'resume.md');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/**
 * The demo's own boards answering after `ms` while `run` runs. (Their URLs are fixed per company,
 * so boards added under other slugs were never the ones read: the runs went on at full speed.)
 */
async function withSlowBoards<T>(ms: number, run: () => Promise<T>): Promise<T> {
  for (const c of DEMO_COMPANIES) sim.setLatency(c.kind, c.slug, { fixedMs: ms });
  try {
    return await run();
  } finally {
    for (const c of DEMO_COMPANIES) sim.setLatency(c.kind, c.slug, undefined);
  }
}

async function finished(location: string): Promise<Json> {
  return waitFor(async () => {
    const task = await json(await h.call(location));
    return ['succeeded', 'failed', 'cancelled'].includes(task['state']) ? task : null;
  }, 120_000);
}

describe('POST /api/runs', () => {
  let task: Json;
  let location: string;

  beforeAll(async () => {
    const res = await h.call('/api/runs', { method: 'POST', body: await runForm() });
    expect(res.status).toBe(202);
    location = res.headers.get('location') as string;
    expect(location).toMatch(/^\/api\/tasks\/[\w-]+$/);
    task = await finished(location);
  }, 150_000);

  it('runs the match pipeline on the simulator and answers like every other kind', async () => {
    expect(task).toMatchObject({
      kind: 'match',
      state: 'succeeded',
      progress: { done: 1, failed: 0, total: 1 },
    });
    const run = task['result'].candidates[0];
    expect(run.candidate).toBe('default');
    expect(run.generated).toBeGreaterThan(0);
    expect(run.applications.length).toBe(run.generated);
    // Boards were read from the simulator and the letters written by the local model server.
    expect(sim.requests.some((r) => r.kind === 'greenhouse')).toBe(true);
    expect(h.llm.requests.length).toBeGreaterThan(0);
    const names: string[] = task['files'].map((f: { name: string }) => f.name);
    for (const a of run.applications) expect(names).toContain(`${a.folder}/resume.md`);
    expect(names.some((n) => n.endsWith('summary.json'))).toBe(true);
    // The uploaded output_dir was not used: everything is in the task's folder.
    expect(names.every((n) => !n.startsWith('/'))).toBe(true);

    const events = await readSse(await h.call(`${location}/events`));
    expect(events.at(-1)?.data).toMatchObject({ type: 'run-finished', state: 'succeeded' });
    const zip = await h.call(`${location}/download.zip`);
    expect(zip.status).toBe(200);
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const file = await h.call(task['files'][0].url);
    expect(file.status).toBe(200);
    const list = await json(await h.call('/api/tasks?kind=match'));
    expect(list['tasks'].map((t: Json) => t['id'])).toContain(task['id']);
    // Another user sees nothing of it.
    expect((await h.call(location, { as: 'bob' })).status).toBe(404);
  });

  it('a second run does only new jobs (handled store per user and candidate)', async () => {
    const res = await h.call('/api/runs', { method: 'POST', body: await runForm() });
    expect(res.status).toBe(202);
    const again = await finished(res.headers.get('location') as string);
    expect(again['state']).toBe('succeeded');
    expect(again['id']).not.toBe(task['id']);
    const before = new Set(task['result'].candidates[0].applications.map((a: Json) => a['id']));
    const ids = again['result'].candidates[0].applications.map((a: Json) => a['id']);
    expect(ids.filter((id: string) => before.has(id))).toEqual([]);
  });

  it("the pipeline's stages are the task's events and, while it runs, its progress", async () => {
    // Boards that answer slowly keep the run in its scrape stage long enough to poll it, even on
    // a loaded CI machine.
    const slow = DEMO_COMPANIES;
    const { where, live } = await withSlowBoards(4_000, async () => {
      const res = await h.call('/api/runs', { method: 'POST', body: await runForm({ force: 'true' }) });
      const where = res.headers.get('location') as string;
      const live = await waitFor(async () => {
        const t = await json(await h.call(where));
        return t['state'] === 'running' && String(t['progress'].stage).startsWith('default/') ? t : null;
      });
      return { where, live };
    });
    expect(live['progress']).toMatchObject({ stage: 'default/scrape', failed: 0, total: slow.length });
    expect(live['progress'].done).toBeLessThan(slow.length);
    const events = (await readSse(await h.call(`${where}/events`))).map((e) => e.data as Json);
    const progress = (stage: string) =>
      events.filter((e) => e['type'] === 'progress' && e['stage'] === stage);
    for (const stage of ['scrape', 'match', 'generate']) {
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'stage-started', stage: `default/${stage}` }),
      );
      expect(progress(`default/${stage}`).length).toBeGreaterThan(0);
    }
    expect(progress('default/scrape').at(-1)).toMatchObject({ done: slow.length, total: slow.length });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'stage-finished', stage: 'default/generate', failed: 0 }),
    );
    // One run: the task's own run-started and run-finished, none of the nested match run's.
    expect(events.filter((e) => e['type'] === 'run-started')).toHaveLength(1);
    expect(events.filter((e) => e['type'] === 'run-finished')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', state: 'succeeded' });
    // Finished: the progress is the task's items again (one candidate).
    expect((await json(await h.call(where)))['progress']).toMatchObject({ done: 1, failed: 0, total: 1 });
  }, 120_000);

  it('DELETE cancels a running match run', async () => {
    const { where, cancelled } = await withSlowBoards(3_000, async () => {
      const res = await h.call('/api/runs', { method: 'POST', body: await runForm() });
      const where = res.headers.get('location') as string;
      await waitFor(async () => ((await json(await h.call(where)))['state'] === 'running' ? true : null));
      return { where, cancelled: await json(await h.call(where, { method: 'DELETE' })) };
    });
    expect(cancelled['state']).toBe('cancelled');
    // The stream may end at the state change; the run-finished event follows once the item stops.
    const last = await waitFor(async () => {
      const events = await readSse(await h.call(`${where}/events`));
      return events.at(-1)?.data.type === 'run-finished' ? events.at(-1) : null;
    });
    expect(last?.data).toMatchObject({ type: 'run-finished', state: 'cancelled' });
    expect((await json(await h.call(where)))['state']).toBe('cancelled');
  });

  it('bad input is a 400 naming the field; nothing queued', async () => {
    const noResume = new FormData();
    noResume.append('config', new Blob(['{"companies": []}']), 'c.json');
    expect(await json(await h.call('/api/runs', { method: 'POST', body: noResume }))).toMatchObject({
      status: 400,
      field: 'resume',
    });
    const withExtends = await runForm();
    withExtends.set('config', new Blob(['extends: /etc/passwd\n']), 'c.yaml');
    expect(await json(await h.call('/api/runs', { method: 'POST', body: withExtends }))).toMatchObject({
      status: 400,
      field: 'config',
      received: 'extends',
    });
    const invalid = await runForm();
    invalid.set('config', new Blob(['companies: []\nmin_score: lots\n']), 'c.yaml');
    const problem = await json(await h.call('/api/runs', { method: 'POST', body: invalid }));
    expect(problem).toMatchObject({ status: 400, field: 'config' });
    expect(problem['detail']).toMatch(/min_score/);
    const noConfigured = new FormData();
    noConfigured.append('candidate', 'dana');
    expect(await json(await h.call('/api/runs', { method: 'POST', body: noConfigured }))).toMatchObject({
      status: 400,
      field: 'candidate',
    });
  });
});

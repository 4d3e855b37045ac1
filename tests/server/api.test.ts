import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { formHash } from '../../src/server/upload.js';
import { readSse, resumeForm, type ServeHarness, serveHarness, waitFor } from './harness.js';

let h: ServeHarness;
beforeAll(async () => {
  h = await serveHarness({ serve: { max_files: 8 }, llm: { latencyMs: 40 } });
});
afterAll(() => h.close());

const TWO = ['priya-raman.txt', 'sam-rivera.txt'];
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function zipNames(data: Buffer): Promise<string[]> {
  const zip = await promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer)(data, {
    lazyEntries: false,
  });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: { fileName: string }) => names.push(entry.fileName));
    zip.on('end', resolve);
    zip.on('error', reject);
  });
  return names.sort();
}

describe('serve API over HTTP (tailor kind, local model server)', () => {
  it('refuses a missing or unknown token with problem+json', async () => {
    for (const as of [null, 'bad'] as const) {
      const res = await h.call('/api/tasks', {
        as: null,
        headers: as ? { authorization: 'Bearer jm_000000000000_notarealsecretatallxx' } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await json(res)).toMatchObject({ status: 401, field: 'authorization' });
    }
  });

  it('small work is done within the request: 200 with the result and the files', async () => {
    const res = await h.call('/api/tailorings', { method: 'POST', body: await resumeForm(TWO) });
    expect(res.status).toBe(200);
    const task = await json(res);
    expect(res.headers.get('location')).toBe(`/api/tasks/${task['id']}`);
    expect(task).toMatchObject({
      kind: 'tailor',
      state: 'succeeded',
      progress: { done: 2, failed: 0, total: 2 },
    });
    expect(task['result'].counts).toMatchObject({ resumes: 2, tailored: 2 });
    const names = task['files'].map((f: { name: string }) => f.name);
    expect(names).toContain('summary.json');
    expect(names.some((n: string) => n.endsWith('/resume.md'))).toBe(true);
  });

  it('the same inputs again within cache_ttl answer the earlier result with no model call', async () => {
    const form = await resumeForm(['jordan-rivera.md']);
    const first = await json(await h.call('/api/tailorings', { method: 'POST', body: form }));
    const calls = h.llm.requests.length;
    const again = await h.call('/api/tailorings', {
      method: 'POST',
      body: await resumeForm(['jordan-rivera.md']),
    });
    expect(again.status).toBe(200);
    const second = await json(again);
    expect(second).toMatchObject({ id: first['id'], cached: true, state: 'succeeded' });
    expect(h.llm.requests.length).toBe(calls);
    const metrics = await (await h.call('/metrics', { as: null })).text();
    expect(metrics).toMatch(/jm_result_cache_hits_total\{kind="tailor"\} 1/);
  });

  it('Prefer: respond-async answers 202 + Location; status, SSE with Last-Event-ID, list, files and zip', async () => {
    const res = await h.call('/api/tailorings', {
      method: 'POST',
      headers: { prefer: 'respond-async' },
      body: await resumeForm(['maya-okafor.md', 'priya-raman.txt', 'corrupt.pdf']),
    });
    expect(res.status).toBe(202);
    const location = res.headers.get('location') as string;
    const accepted = await json(res);
    expect(location).toBe(`/api/tasks/${accepted['id']}`);
    expect(['queued', 'running']).toContain(accepted['state']);
    // Unfinished: state and progress only (the files so far are at /files), whatever the task's size.
    expect(accepted).not.toHaveProperty('files');
    expect(accepted).not.toHaveProperty('result');

    const events = await readSse(await h.call(`${location}/events`));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.data).toMatchObject({ type: 'run-finished', state: 'succeeded' });
    const resumed = await readSse(await h.call(`${location}/events`, { headers: { 'last-event-id': '3' } }));
    expect(resumed).toEqual(events.slice(3));

    const task = await json(await h.call(location));
    // One unreadable resume: the task still has its result, and says which failed.
    expect(task).toMatchObject({ state: 'succeeded', progress: { done: 2, failed: 1, total: 3 } });
    expect(task['startedAt']).not.toBeNull();
    // Finished: its files and result too; the answer is built once and is the same JSON every time.
    expect(task['files'].length).toBeGreaterThan(0);
    expect(task['result']).not.toBeNull();
    const again = await h.call(location);
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json(again)).toEqual(task);

    const list = await json(await h.call('/api/tasks?limit=2'));
    expect(list['tasks'][0].id).toBe(accepted['id']);
    expect(list['tasks']).toHaveLength(2);
    const page2 = await json(await h.call(`/api/tasks?limit=50&before=${list['next']}`));
    expect(page2['tasks'].map((t: { id: string }) => t.id)).not.toContain(accepted['id']);
    expect((await json(await h.call('/api/tasks?state=failed')))['tasks']).toEqual([]);
    expect((await json(await h.call('/api/tasks?kind=screen')))['tasks']).toEqual([]);

    const files = (await json(await h.call(`${location}/files`)))['files'] as { name: string; url: string }[];
    const summary = files.find((f) => f.name === 'summary.json')!;
    const one = await h.call(summary.url);
    expect(one.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(await one.text())).toMatchObject({ kind: 'tailor', counts: { resumes: 3, failed: 1 } });
    expect((await h.call(`${location}/files/..%2F..%2Fserver.db`)).status).toBe(404);
    const zip = await h.call(`${location}/download.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(await zipNames(Buffer.from(await zip.arrayBuffer()))).toEqual(files.map((f) => f.name).sort());
  });

  it("another user's task is 404; an admin sees it; a list holds only the caller's tasks", async () => {
    const alice = await json(await h.call('/api/tasks?limit=1'));
    const id = alice['tasks'][0].id as string;
    const bob = await h.call(`/api/tasks/${id}`, { as: 'bob' });
    expect(bob.status).toBe(404);
    expect(bob.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.call(`/api/tasks/${id}/download.zip`, { as: 'bob' })).status).toBe(404);
    expect((await h.call(`/api/tasks/${id}`, { as: 'bob', method: 'DELETE' })).status).toBe(404);
    expect((await json(await h.call('/api/tasks', { as: 'bob' })))['tasks']).toEqual([]);
    expect((await h.call(`/api/tasks/${id}`, { as: 'admin' })).status).toBe(200);
  });

  it('Idempotency-Key: same key and body give the same task; another body 422; while accepting 409', async () => {
    const post = async (key: string, names: string[]) =>
      h.call('/api/tailorings', {
        method: 'POST',
        headers: { 'idempotency-key': key, prefer: 'respond-async' },
        body: await resumeForm(names, { concurrency: '1' }),
      });
    const first = await json(await post('key-1', ['sam-rivera.txt', 'maya-okafor.txt']));
    const same = await post('key-1', ['sam-rivera.txt', 'maya-okafor.txt']);
    expect((await json(same))['id']).toBe(first['id']);
    const other = await post('key-1', ['priya-raman.txt']);
    expect(other.status).toBe(422);
    expect(await json(other)).toMatchObject({ field: 'idempotency-key', received: 'key-1' });

    // A request with this key and body is being accepted (claimed, no task yet): the next one waits.
    // multipart/form-data sends line breaks of a field as CRLF (the HTML form encoding).
    const jobText = ((await resumeForm([])).get('job_text') as string).replace(/\r?\n/g, '\r\n');
    const body = { fields: { job_text: jobText, concurrency: '1' }, files: [] };
    const alice = h.server.ctx.db.verify(h.tokens.alice)!;
    const names = ['sam-rivera.txt'];
    const form = await resumeForm(names, { concurrency: '1' });
    const files = await Promise.all(
      names.map(async (n) => ({
        field: 'resumes',
        filename: n,
        data: Buffer.from(await (form.get('resumes') as Blob).arrayBuffer()),
      })),
    );
    h.server.ctx.db.claim(alice.name, 'key-2', formHash({ ...body, files }, '/api/tailorings'));
    const busy = await post('key-2', names);
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
  });

  it('DELETE cancels a running task: finished items keep their files, the rest never start', async () => {
    const names = [
      'maya-okafor.md',
      'priya-raman.txt',
      'sam-rivera.txt',
      'jordan-rivera.md',
      'maya-okafor.txt',
    ];
    const res = await h.call('/api/tailorings', {
      method: 'POST',
      headers: { prefer: 'respond-async' },
      body: await resumeForm(names, { concurrency: '1', company_url: 'http://127.0.0.1:9/none' }),
    });
    const location = res.headers.get('location') as string;
    await waitFor(async () => ((await json(await h.call(location)))['progress'].done >= 1 ? true : null));
    const cancelled = await h.call(location, { method: 'DELETE' });
    expect((await json(cancelled))['state']).toBe('cancelled');
    const events = await readSse(await h.call(`${location}/events`));
    expect(events.at(-1)?.data).toMatchObject({ type: 'run-finished', state: 'cancelled' });
    const task = await json(await h.call(location));
    expect(task['state']).toBe('cancelled');
    expect(task['progress'].done).toBeGreaterThanOrEqual(1);
    expect(task['progress'].done).toBeLessThan(names.length);
    const folders = new Set(task['files'].map((f: { name: string }) => f.name.split('/')[0]));
    expect(folders.size).toBeGreaterThanOrEqual(task['progress'].done);
  });

  it('bad input is a 400 problem naming the field and what was received; too many files 413', async () => {
    const bad = await h.call('/api/tailorings', {
      method: 'POST',
      body: await resumeForm(TWO, { concurrency: 'lots' }),
    });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ field: 'concurrency', received: 'lots' });
    const noJob = new FormData();
    noJob.append('resumes', new Blob(['x']), 'a.txt');
    expect(await json(await h.call('/api/tailorings', { method: 'POST', body: noJob }))).toMatchObject({
      status: 400,
      field: 'job',
    });
    const many = await resumeForm(Array.from({ length: 9 }, () => 'sam-rivera.txt'));
    const tooMany = await h.call('/api/tailorings', { method: 'POST', body: many });
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
  });

  it('health, readiness, metrics and the OpenAPI document', async () => {
    expect(await json(await h.call('/healthz', { as: null }))).toEqual({ ok: true });
    expect(await json(await h.call('/readyz', { as: null }))).toEqual({ ok: true, queue: 'memory' });
    const metrics = await (await h.call('/metrics', { as: null })).text();
    expect(metrics).toMatch(/jm_tasks\{state="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/jm_task_duration_seconds_count\{kind="tailor",state="succeeded"\} [1-9]/);
    const doc = await json(await h.call('/openapi.json', { as: null }));
    expect(doc['openapi']).toMatch(/^3\./);
    for (const p of [
      '/api/tailorings',
      '/api/tasks',
      '/api/tasks/{id}',
      '/api/tasks/{id}/events',
      '/api/tasks/{id}/download.zip',
    ])
      expect(Object.keys(doc['paths'])).toContain(p);
    expect((await h.call('/docs', { as: null })).status).toBeLessThan(400);
  });
});

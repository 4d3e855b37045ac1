import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { FIXTURES, JOB_TEXT, readSse, resumeForm, type ServeHarness, serveHarness } from './harness.js';

let h: ServeHarness;
beforeAll(async () => {
  h = await serveHarness({ serve: { rate_limit_per_minute: 40 } });
});
afterAll(() => h.close());

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function zipOf(names: string[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const name of names) zip.addBuffer(await readFile(path.join(FIXTURES, name)), `people/${name}`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('screenings over HTTP (the real screen kind)', () => {
  it('screens a zip of resumes: a ranked result, ranking files, an unreadable resume counted', async () => {
    const form = new FormData();
    form.append('job_text', JOB_TEXT);
    form.append('top', '2');
    const names = [
      'maya-okafor.pdf',
      'priya-raman.txt',
      'sam-rivera.txt',
      'jordan-rivera.md',
      'corrupt.docx',
    ];
    form.append('resumes', new Blob([new Uint8Array(await zipOf(names))]), 'resumes.zip');
    const res = await h.call('/api/screenings', {
      method: 'POST',
      body: form,
      headers: { prefer: 'respond-async' },
    });
    expect(res.status).toBe(202);
    const location = res.headers.get('location') as string;
    const events = await readSse(await h.call(`${location}/events`));
    expect(events.at(-1)?.data).toMatchObject({ type: 'run-finished', state: 'succeeded' });
    const task = await json(await h.call(location));
    expect(task).toMatchObject({
      kind: 'screen',
      state: 'succeeded',
      progress: { total: 5, failed: 1, done: 4 },
    });
    const ranked = task['result'].ranked as { rank: number; file: string; assessment: { score: number } }[];
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    const scores = ranked.map((r) => r.assessment.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const files = task['files'].map((f: { name: string }) => f.name);
    expect(files).toEqual(expect.arrayContaining(['ranking.csv', 'ranking.json', 'index.html']));
    const page = await h.call(`${location}/files/index.html`);
    expect(page.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('a small screening is answered within the request (200), the same again from the cache', async () => {
    const first = await h.call('/api/screenings', {
      method: 'POST',
      body: await resumeForm(['sam-rivera.txt']),
    });
    expect(first.status).toBe(200);
    const task = await json(first);
    expect(task).toMatchObject({ state: 'succeeded', progress: { done: 1, total: 1 } });
    const again = await json(
      await h.call('/api/screenings', { method: 'POST', body: await resumeForm(['sam-rivera.txt']) }),
    );
    expect(again).toMatchObject({ id: task['id'], cached: true });
  });

  it('llm without a model key, or a bad number, is a 400 naming the field', async () => {
    const bad = await h.call('/api/screenings', {
      method: 'POST',
      body: await resumeForm(['sam-rivera.txt'], { min_score: '300' }),
    });
    expect(await json(bad)).toMatchObject({ status: 400, field: 'min_score', received: '300' });
  });

  it('rate limits per token: 429 with Retry-After as problem+json; another token is not limited', async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await h.call('/api/tasks?limit=1');
      if (res.status === 429) limited = res;
    }
    expect(limited).not.toBeNull();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.call('/api/tasks?limit=1', { as: 'bob' })).status).toBe(200);
  });
});

import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import { HttpError } from '../../src/errors.js';
import { getJson, type TestDeps, testDeps } from '../helpers/deps.js';
import { readBoardFixture, shapeOf } from './shape.js';

type Json = Record<string, unknown>;
let sim: Simulator;
let t: TestDeps;
let board: SimBoard;

beforeAll(async () => {
  [board] = generateBoards([{ kind: 'greenhouse', slug: 'acme', companyName: 'Acme Labs', jobs: 4 }]) as [
    SimBoard,
  ];
  const hidden = board.jobs[3];
  if (hidden) hidden.unlisted = true;
  sim = await startSimulator({ boards: [board] });
  t = testDeps();
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

const get = (path: string) => getJson(t.deps, `${sim.origin}${path}`) as Promise<Json>;

describe('simulated Greenhouse Job Board API', () => {
  it('answers jobs?content=true in the shape and key order of the real payload', async () => {
    const real = readBoardFixture('greenhouse/smarterdx_jobs_content_true.json') as { jobs: Json[] };
    const body = await get('/v1/boards/acme/jobs?content=true');
    const jobs = body['jobs'] as Json[];
    expect(Object.keys(body)).toEqual(['jobs', 'meta']);
    expect(shapeOf(jobs[0])).toEqual(shapeOf(real.jobs[0]));
    expect(Object.keys(jobs[0] ?? {})).toEqual(Object.keys(real.jobs[0] ?? {}));
    expect(body['meta']).toEqual({ total: 3 });
  });

  it('escapes content as entities that decode once to the description HTML', async () => {
    const jobs = (await get('/v1/boards/acme/jobs?content=true'))['jobs'] as Json[];
    const content = String(jobs[0]?.['content']);
    expect(content).toMatch(/^&lt;h2&gt;/);
    expect(content).not.toContain('<');
    expect(decodeHTML(content)).toBe(board.jobs[0]?.descriptionHtml);
  });

  it('leaves out content, departments and offices without content=true', async () => {
    const jobs = (await get('/v1/boards/acme/jobs'))['jobs'] as Json[];
    expect(jobs).toHaveLength(3);
    for (const key of ['content', 'departments', 'offices']) expect(jobs[0]).not.toHaveProperty(key);
    expect(jobs[0]?.['id']).toBe(Number(board.jobs[0]?.id));
    expect(jobs[0]?.['first_published']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-04:00$/);
  });

  it('answers one job, the board intro, and the real 404 body', async () => {
    const job = await get(`/v1/boards/acme/jobs/${board.jobs[1]?.id}`);
    expect(job['title']).toBe(board.jobs[1]?.title);
    expect(typeof job['content']).toBe('string');
    const intro = await get('/v1/boards/acme');
    expect(intro).toEqual({ name: 'Acme Labs', content: `<p>${board.about}</p>` });
    const missing = await t.deps.http.request(`${sim.origin}/v1/boards/nobody/jobs`, { acceptStatus: [404] });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ status: 404, error: 'Job not found' });
    await expect(get(`/v1/boards/acme/jobs/${board.jobs[3]?.id}`)).rejects.toBeInstanceOf(HttpError);
  });

  it('sends an ETag and answers 304 when it matches', async () => {
    const first = await t.deps.http.request(`${sim.origin}/v1/boards/acme/jobs?content=true`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await t.deps.http.request(`${sim.origin}/v1/boards/acme/jobs?content=true`, {
      etag: etag ?? '',
    });
    expect(again.status).toBe(304);
    expect(again.notModified).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smartRecruitersId } from '../../sim/boards/smartrecruiters.js';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import { getJson, type TestDeps, testDeps } from '../helpers/deps.js';
import { readBoardFixture, shapeOf } from './shape.js';

type Json = Record<string, unknown>;
let sim: Simulator;
let t: TestDeps;
let board: SimBoard;

beforeAll(async () => {
  [board] = generateBoards([
    { kind: 'smartrecruiters', slug: 'Umbrella', companyName: 'Umbrella Health', jobs: 130 },
  ]) as [SimBoard];
  sim = await startSimulator({ boards: [board] });
  t = testDeps({ http: { retries: 0 } });
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

const get = (path: string) => getJson(t.deps, `${sim.origin}${path}`) as Promise<Json>;

describe('simulated SmartRecruiters Posting API', () => {
  it('answers the list in the shape and key order of the real payload', async () => {
    const real = readBoardFixture('smartrecruiters/smartrecruiters_postings_list.json') as {
      content: Json[];
    } & Json;
    const body = await get('/v1/companies/Umbrella/postings?limit=100&offset=0');
    expect(Object.keys(body)).toEqual(Object.keys(real));
    const content = body['content'] as Json[];
    expect(shapeOf(content[0])).toEqual(shapeOf(real.content[0]));
    expect(Object.keys(content[0] ?? {})).toEqual(Object.keys(real.content[0] ?? {}));
    expect(content[0]?.['id']).toMatch(/^\d{15}$/);
  });

  it('pages with limit and offset up to totalFound', async () => {
    const first = await get('/v1/companies/Umbrella/postings?limit=100&offset=0');
    const second = await get('/v1/companies/Umbrella/postings?limit=100&offset=100');
    expect(first['totalFound']).toBe(130);
    expect(first['content']).toHaveLength(100);
    expect(second['content']).toHaveLength(30);
    expect((second['content'] as Json[])[0]?.['id']).toBe(smartRecruitersId(board.jobs[100]!));
    const res = await t.deps.http.request(`${sim.origin}/v1/companies/Umbrella/postings?limit=101`, {
      acceptStatus: [400],
    });
    expect(res.status).toBe(400);
  });

  it('answers an unknown company with 200 and an empty list', async () => {
    const body = await get('/v1/companies/no-such-company/postings?limit=100&offset=0');
    expect(body).toEqual({ offset: 0, limit: 100, totalFound: 0, content: [] });
  });

  it('answers a posting detail with the job ad sections', async () => {
    const job = board.jobs[0]!;
    const detail = await get(`/v1/companies/Umbrella/postings/${smartRecruitersId(job)}`);
    const sections = (detail['jobAd'] as { sections: Record<string, { title: string; text: string }> })
      .sections;
    expect(Object.keys(sections)).toEqual([
      'companyDescription',
      'jobDescription',
      'qualifications',
      'additionalInformation',
    ]);
    expect(sections['companyDescription']?.text).toBe(`<p>${board.about}</p>`);
    expect(sections['qualifications']?.text).toMatch(/^<ul>\s*<li>Experience with /);
    expect(sections['jobDescription']?.text).toContain('Design, build and operate services');
    expect(detail['name']).toBe(job.title);
    expect(String(detail['postingUrl'])).toContain(sim.origin);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPath, PAGE_LIMIT, TOTAL_CAP } from '../../sim/boards/workday.js';
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
let big: SimBoard;

beforeAll(async () => {
  [board, big] = generateBoards([
    { kind: 'workday', slug: 'acme/External', companyName: 'Acme', jobs: 45 },
    { kind: 'workday', slug: 'bigco/Careers', companyName: 'BigCo', jobs: TOTAL_CAP + 30 },
  ]) as [SimBoard, SimBoard];
  board.jobs[1]!.locations = ['Austin, TX', 'Seattle, WA'];
  sim = await startSimulator({ boards: [board, big] });
  t = testDeps({ http: { retries: 0 } });
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

const page = (slug: string, body: Json) =>
  getJson(t.deps, `${sim.origin}/wday/cxs/${slug}/jobs`, { json: body }) as Promise<Json>;
const body = (offset: number, limit = PAGE_LIMIT): Json => ({
  appliedFacets: {},
  limit,
  offset,
  searchText: '',
});

describe('simulated Workday CXS API', () => {
  it('answers the list in the shape of the real payload', async () => {
    const real = readBoardFixture('workday/nvidia_cxs_jobs_list.json') as { jobPostings: Json[] } & Json;
    const first = await page('acme/External', body(0));
    for (const key of Object.keys(real)) expect(first).toHaveProperty(key);
    const postings = first['jobPostings'] as Json[];
    expect(shapeOf(postings[0])).toEqual(shapeOf(real.jobPostings[0]));
    expect(Object.keys(postings[0] ?? {})).toEqual(Object.keys(real.jobPostings[0] ?? {}));
    expect(postings[0]?.['externalPath']).toMatch(/^\/job\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+_R\d+$/);
    expect(postings[0]?.['bulletFields']).toEqual([board.jobs[0]?.requisitionId]);
    expect(postings[1]?.['locationsText']).toBe('2 Locations');
    expect(String(postings[0]?.['postedOn'])).toMatch(
      /^Posted (Today|Yesterday|\d+ Days Ago|30\+ Days Ago)$/,
    );
  });

  it('gives the total on offset 0 only, and 0 on later pages that still carry postings', async () => {
    const first = await page('acme/External', body(0));
    const second = await page('acme/External', body(20));
    const third = await page('acme/External', body(40));
    expect(first['total']).toBe(45);
    expect(second['total']).toBe(0);
    expect(second['jobPostings']).toHaveLength(20);
    expect(third['jobPostings']).toHaveLength(5);
  });

  it('refuses a limit above 20 with the real 400 body', async () => {
    const res = await t.deps.http.request(`${sim.origin}/wday/cxs/acme/External/jobs`, {
      json: body(0, 21),
      acceptStatus: [400],
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ errorCode: 'HTTP_400' });
  });

  it('caps the total at 2000 and wraps back to the start past it', async () => {
    const first = await page('bigco/Careers', body(0));
    const past = await page('bigco/Careers', body(TOTAL_CAP));
    expect(first['total']).toBe(TOTAL_CAP);
    expect(past['jobPostings']).toEqual(first['jobPostings']);
  });

  it('answers the detail at the externalPath in the shape of the real payload', async () => {
    const real = readBoardFixture('workday/nvidia_cxs_job_detail.json') as Json;
    const job = board.jobs[0]!;
    const detail = (await getJson(
      t.deps,
      `${sim.origin}/wday/cxs/acme/External${externalPath(job)}`,
    )) as Json;
    expect(shapeOf(detail)).toEqual(shapeOf(real));
    const info = detail['jobPostingInfo'] as Json;
    expect(Object.keys(info)).toEqual(Object.keys(real['jobPostingInfo'] as Json));
    expect(info['jobDescription']).toBe(job.descriptionHtml);
    expect(info['jobReqId']).toBe(job.requisitionId);
    expect(info['startDate']).toBe(job.postedAt.slice(0, 10));
    const multi = (await getJson(
      t.deps,
      `${sim.origin}/wday/cxs/acme/External${externalPath(board.jobs[1]!)}`,
    )) as Json;
    expect((multi['jobPostingInfo'] as Json)['additionalLocations']).toEqual(['Seattle, WA']);
  });

  it('answers a delisted posting with the real 403 S22 body', async () => {
    const job = board.jobs[2]!;
    job.unlisted = true;
    try {
      const res = await t.deps.http.request(`${sim.origin}/wday/cxs/acme/External${externalPath(job)}`, {
        acceptStatus: [403],
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toMatchObject({
        errorCode: 'S22',
        httpStatus: 403,
        message: 'permission denied',
      });
    } finally {
      job.unlisted = undefined;
    }
  });

  it('filters by searchText and facets, and answers 404 for unknown sites', async () => {
    const title = board.jobs[0]!.title;
    const found = (await page('acme/External', { ...body(0), searchText: title }))['jobPostings'] as Json[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p['title'] === title)).toBe(true);
    const facets = (await page('acme/External', body(0)))['facets'] as Array<{ values: Json[] }>;
    const family = facets[0]?.values[0] as { id: string; count: number };
    const byFamily = await page('acme/External', {
      ...body(0),
      appliedFacets: { jobFamilyGroup: [family.id] },
    });
    expect(byFamily['total']).toBe(family.count);
    await expect(page('acme/Nope', body(0))).rejects.toSatisfy(
      (e) => e instanceof HttpError && e.status === 404,
    );
  });
});

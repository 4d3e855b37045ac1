import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ashbyId } from '../../sim/boards/ashby.js';
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
  [board] = generateBoards([{ kind: 'ashby', slug: 'Initech Labs', companyName: 'Initech', jobs: 5 }]) as [
    SimBoard,
  ];
  board.jobs[0]!.locations = ['San Francisco, CA', 'Berlin, Germany'];
  board.jobs[2]!.unlisted = true;
  sim = await startSimulator({ boards: [board] });
  t = testDeps();
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

const jobBoard = (query = '') =>
  getJson(t.deps, `${sim.origin}/posting-api/job-board/Initech%20Labs${query}`) as Promise<Json>;

describe('simulated Ashby posting API', () => {
  it('answers {jobs, apiVersion} in the shape and key order of the real 2026 payload', async () => {
    const real = readBoardFixture('ashby/openevidence_job-board.json') as { jobs: Json[] };
    const body = await jobBoard('?includeCompensation=true');
    expect(Object.keys(body)).toEqual(['jobs', 'apiVersion']);
    expect(body['apiVersion']).toBe('1');
    const jobs = body['jobs'] as Json[];
    expect(shapeOf(jobs[0])).toEqual(shapeOf(real.jobs[0]));
    expect(Object.keys(jobs[0] ?? {})).toEqual(Object.keys(real.jobs[0] ?? {}));
  });

  it('includes unlisted jobs with isListed false, as the real API does', async () => {
    const jobs = (await jobBoard())['jobs'] as Json[];
    expect(jobs).toHaveLength(5);
    expect(jobs.filter((j) => j['isListed'] === false).map((j) => j['id'])).toEqual([
      ashbyId(board.jobs[2]!),
    ]);
  });

  it('puts extra locations in secondaryLocations and compensation only on request', async () => {
    const [first] = (await jobBoard())['jobs'] as Json[];
    expect(first?.['location']).toBe('San Francisco, CA');
    expect(first?.['secondaryLocations']).toEqual([
      {
        location: 'Berlin, Germany',
        address: {
          postalAddress: { addressRegion: 'Berlin', addressCountry: 'Germany', addressLocality: 'Berlin' },
        },
      },
    ]);
    expect(first).not.toHaveProperty('compensation');
    expect(first?.['publishedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(first?.['descriptionHtml']).toBe(board.jobs[0]?.descriptionHtml);
  });

  it('answers a plain 404 for an unknown board', async () => {
    const res = await t.deps.http.request(`${sim.origin}/posting-api/job-board/nobody`, {
      acceptStatus: [404],
    });
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not Found');
  });
});

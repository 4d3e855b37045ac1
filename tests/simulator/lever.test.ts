import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leverId } from '../../sim/boards/lever.js';
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
  [board] = generateBoards([{ kind: 'lever', slug: 'globex', companyName: 'Globex', jobs: 7 }]) as [SimBoard];
  sim = await startSimulator({ boards: [board] });
  t = testDeps();
});
afterAll(async () => {
  await t.close();
  await sim.close();
});

const list = (query: string) =>
  getJson(t.deps, `${sim.origin}/v0/postings/globex${query}`) as Promise<Json[]>;

describe('simulated Lever Postings API', () => {
  it('answers a bare array in the shape and key order of the real payload', async () => {
    const real = readBoardFixture('lever/palantir_postings_mode_json.json') as Json[];
    const postings = await list('?mode=json');
    expect(Array.isArray(postings)).toBe(true);
    expect(postings).toHaveLength(7);
    expect(shapeOf(postings[0])).toEqual(shapeOf(real[0]));
    expect(Object.keys(postings[0] ?? {})).toEqual(Object.keys(real[0] ?? {}));
  });

  it('gives createdAt in epoch milliseconds, deterministic UUIDs and list items as bare <li>s', async () => {
    const [first] = await list('?mode=json');
    const job = board.jobs[0];
    expect(first?.['createdAt']).toBe(Date.parse(job?.postedAt ?? ''));
    expect(first?.['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first?.['id']).toBe(leverId(job!));
    const lists = first?.['lists'] as Array<{ text: string; content: string }>;
    expect(lists.map((l) => l.text)).toEqual(['What you will do', 'What we are looking for']);
    expect(lists[0]?.content.trim()).toMatch(/^<li>/);
    expect(String(first?.['additional'])).toContain('competitive pay');
    expect(first?.['workplaceType']).toMatch(/^(remote|on-site|hybrid)$/);
  });

  it('pages with skip and limit, and filters by category', async () => {
    const all = await list('?mode=json');
    const page = await list('?mode=json&skip=2&limit=3');
    expect(page.map((p) => p['id'])).toEqual(all.slice(2, 5).map((p) => p['id']));
    const team = board.jobs[0]?.team ?? '';
    const byTeam = await list(`?mode=json&team=${encodeURIComponent(team)}`);
    expect(byTeam.length).toBeGreaterThan(0);
    expect(byTeam.every((p) => (p['categories'] as Json)['team'] === team)).toBe(true);
  });

  it('answers HTML without mode=json or a JSON Accept header', async () => {
    const res = await t.deps.http.request(`${sim.origin}/v0/postings/globex`, {
      headers: { accept: 'text/html' },
    });
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('answers one posting by id and {ok:false} for unknown sites and ids', async () => {
    const id = leverId(board.jobs[4]!);
    const one = (await getJson(t.deps, `${sim.origin}/v0/postings/globex/${id}`)) as Json;
    expect(one['text']).toBe(board.jobs[4]?.title);
    for (const path of ['/v0/postings/nobody?mode=json', '/v0/postings/globex/not-an-id']) {
      const res = await t.deps.http.request(`${sim.origin}${path}`, { acceptStatus: [404] });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual({ ok: false, error: 'Document not found' });
    }
  });
});

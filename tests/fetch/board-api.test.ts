import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import { type CompanyConfig, SourcesConfig } from '../../src/config/schema.js';
import { fetchDescriptions } from '../../src/fetch/index.js';
import { htmlToMarkdown } from '../../src/fetch/markdown.js';
import type { ScoredJob } from '../../src/match/types.js';
import { scrapeCompany } from '../../src/sources/scrape.js';
import { testDeps } from '../helpers/deps.js';
import { fetchHarness, isPosting, scored } from './harness.js';

/**
 * Workday lists no descriptions, so each one comes from its CXS detail API. Listings are read
 * from the simulator by the real workday source, as the pipeline would.
 */

let sim: Simulator;
let board: SimBoard;
let jobs: ScoredJob[];
let sources: SourcesConfig;
const company: CompanyConfig = {
  name: 'Initech',
  url: 'https://initech.wd5.myworkdayjobs.com/External',
  kind: 'workday',
};

beforeAll(async () => {
  [board] = generateBoards([
    { kind: 'workday', slug: 'initech/External', companyName: 'Initech', jobs: 3 },
  ]) as [SimBoard];
  sim = await startSimulator({ boards: [board] });
  sources = SourcesConfig.parse({ workday: { api_base: sim.origin } });
  const t = testDeps();
  try {
    const scrape = await scrapeCompany(company, sources, t.deps);
    expect(scrape.error).toBeNull();
    jobs = scrape.listings.map(scored);
  } finally {
    await t.close();
  }
});

afterAll(async () => {
  await sim.close();
});

const expected = () => board.jobs.map((j) => htmlToMarkdown(j.descriptionHtml)).sort();

describe('descriptions from a board detail API', () => {
  it("reads each job's description from the detail API, not the page", async () => {
    expect(jobs).toHaveLength(3);
    expect(jobs.every((j) => j.listing.description === null)).toBe(true);
    const h = await fetchHarness({ workers: 3, companies: [company], sources });
    try {
      const before = sim.requests.length;
      const fetched = await fetchDescriptions(jobs, h.ctx);
      expect(fetched.map((f) => f.detail?.source)).toEqual(['board-api', 'board-api', 'board-api']);
      expect(fetched.map((f) => f.detail?.markdown ?? '').sort()).toEqual(expected());
      const seen = sim.requests.slice(before);
      expect(seen).toHaveLength(3);
      expect(seen.every((r) => r.path.startsWith('/wday/cxs/initech/External/job/'))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('reads the posting page when the detail API fails', async () => {
    const h = await fetchHarness({ workers: 1, companies: [company], sources, http: { retries: 0 } });
    try {
      sim.setFaults('workday', 'initech/External', { firstN: 1, kinds: ['500'] });
      const before = sim.requests.length;
      const [first] = await fetchDescriptions(jobs.slice(0, 1), h.ctx);
      expect(first?.fetchError).toBeNull();
      expect(first?.detail?.source).toBe('page');
      expect(expected()).toContain(first?.detail?.markdown);
      const seen = sim.requests.slice(before);
      expect(seen[0]).toMatchObject({ status: 500 });
      expect(seen.some(isPosting)).toBe(true);
    } finally {
      sim.setFaults('workday', 'initech/External', undefined);
      await h.close();
    }
  });

  it('names both failures when the detail API and the page both fail', async () => {
    const h = await fetchHarness({ workers: 1, companies: [company], sources, http: { retries: 0 } });
    try {
      sim.setFaults('workday', 'initech/External', { always: '500' });
      const [first] = await fetchDescriptions(jobs.slice(0, 1), h.ctx);
      expect(first?.detail).toBeNull();
      const url = first?.listing.url ?? '';
      const api = `${sim.origin}/wday/cxs/initech${new URL(url).pathname}`;
      expect(first?.fetchError).toBe(
        `${url}: HTTP 500 Internal Server Error; board API: HTTP 500 Internal Server Error (${api})`,
      );
    } finally {
      sim.setFaults('workday', 'initech/External', undefined);
      await h.close();
    }
  });

  it('reads the page for a company that is not in the config', async () => {
    const h = await fetchHarness({ workers: 1, companies: [], sources });
    try {
      const [first] = await fetchDescriptions(jobs.slice(0, 1), h.ctx);
      expect(first?.detail?.source).toBe('page');
    } finally {
      await h.close();
    }
  });
});

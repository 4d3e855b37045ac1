import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../../sim/data.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { SimBoard, SimJob } from '../../../sim/types.js';
import { SourcesConfig } from '../../../src/config/schema.js';
import { SourceError } from '../../../src/errors.js';
import { jsonld } from '../../../src/sources/jsonld/index.js';
import { scrapeCompany } from '../../../src/sources/scrape.js';
import type { JobListing } from '../../../src/sources/types.js';
import { type TestDeps, testDeps } from '../../helpers/deps.js';
import { scrapeContext, thrown } from '../html/harness.js';

let sim: Simulator;
let t: TestDeps;
let board: SimBoard;

beforeAll(async () => {
  const boards = generateBoards([
    { kind: 'jsonld', slug: 'vandelay', companyName: 'Vandelay Industries', jobs: 14 },
    { kind: 'html', slug: 'plain', companyName: 'Plain Pages', jobs: 3 },
  ]);
  board = boards[0] as SimBoard;
  sim = await startSimulator({ boards });
  t = testDeps({ http: { retries: 0 } });
});

afterAll(async () => {
  await t?.close();
  await sim?.close();
});

const company = (path: string) => ({ name: 'Vandelay Industries', url: `${sim.origin}${path}` });

/** The id rule the simulator's variety exercises: requisition id, or the URL when it has none. */
function expectMatches(listings: JobListing[], jobs: SimJob[]): void {
  expect(listings).toHaveLength(jobs.length);
  const byTitleUrl = new Map(listings.map((l) => [l.url, l]));
  for (const job of jobs) {
    const url = `${sim.origin}/postings/vandelay/${job.id}`;
    const listing = byTitleUrl.get(url);
    expect(listing, `job ${job.id}`).toBeDefined();
    expect(listing?.title).toBe(job.title);
    expect([job.requisitionId, url]).toContain(listing?.jobId);
    expect(listing?.id).toBe(`jsonld:127.0.0.1/careers/vandelay/jsonld:${listing?.jobId}`);
    expect(listing?.postedAt?.slice(0, 10)).toBe(job.postedAt.slice(0, 10));
    expect(listing?.description).toEqual({ format: 'html', content: job.descriptionHtml });
    expect(listing?.remote).toBe(job.remote ? true : null);
    if (job.remote) expect(listing?.locations[0]).toMatch(/^Remote - /);
    else expect(listing?.locations[0]?.split(',')[0]).toBe(job.locations[0]?.split(',')[0]);
  }
}

describe('jsonld source against the simulator', () => {
  for (const style of ['mixed', 'blocks', 'graph', 'array']) {
    it(`reads every job of a ${style} page and skips the invalid block`, async () => {
      const result = await jsonld.scrape(
        scrapeContext(t.deps, company(`/careers/vandelay/jsonld?style=${style}`)),
      );
      expectMatches(result.listings, board.jobs);
      expect(result.skipped).toBe(1);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(/^skipped ld\+json block 3 of \d+ \(a JobPosting\): not valid JSON/);
      expect(result.unchanged).toBe(false);
    });
  }

  it('uses both id forms and both employmentType forms on one page', async () => {
    const { listings } = await jsonld.scrape(scrapeContext(t.deps, company('/careers/vandelay/jsonld')));
    const byRequisition = listings.filter((l) => l.requisitionId !== null);
    expect(byRequisition.length).toBeGreaterThan(0);
    expect(byRequisition.length).toBeLessThan(listings.length);
    for (const l of byRequisition) expect(l.jobId).toBe(l.requisitionId);
    const types = new Map(listings.map((l) => [l.url.split('/').at(-1), l.employmentType]));
    const expected: Record<SimJob['employmentType'], string> = {
      FullTime: 'FULL_TIME',
      PartTime: 'PART_TIME',
      Contract: 'CONTRACTOR, TEMPORARY',
      Intern: 'INTERN',
    };
    for (const job of board.jobs) expect(types.get(job.id)).toBe(expected[job.employmentType]);
    expect(new Set(board.jobs.map((j) => j.employmentType)).size).toBeGreaterThan(1);
  });

  it('answers a second run with the ETag as unchanged', async () => {
    const ctx = scrapeContext(t.deps, company('/careers/vandelay/jsonld'));
    const first = await jsonld.scrape(ctx);
    expect(first.validators?.etag).toMatch(/^".+"$/);
    const before = sim.requests.length;
    const second = await jsonld.scrape({ ...ctx, previous: first.validators });
    expect(second).toMatchObject({ unchanged: true, listings: [] });
    expect(sim.requests.slice(before).map((r) => r.status)).toEqual([304]);
  });

  it('says what to configure for a page without JSON-LD', async () => {
    const url = `${sim.origin}/careers/plain/html`;
    const error = await thrown(() => jsonld.scrape(scrapeContext(t.deps, { name: 'Plain Pages', url })));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      `Plain Pages: ${url}: no schema.org JobPosting found at ${url}; set "kind": "html" with "selectors": {"item", "title", "link"} (or "kind": "browser" for JS-rendered pages)`,
    );
  });

  it('names the company and URL when the page is missing', async () => {
    const url = `${sim.origin}/careers/nobody/jsonld`;
    const error = await thrown(() => jsonld.scrape(scrapeContext(t.deps, { name: 'Nobody', url })));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(
      new RegExp(`^Nobody: ${url}: board request failed: HTTP 404`),
    );
  });

  it('is the fallback kind for a URL no API kind recognises', async () => {
    const result = await scrapeCompany(company('/careers/vandelay/jsonld'), SourcesConfig.parse({}), t.deps);
    expect(result.error).toBeNull();
    expect(result.kind).toBe('jsonld');
    expect(result.listings).toHaveLength(board.jobs.length);
    expect(result.skipped).toBe(1);
  });
});

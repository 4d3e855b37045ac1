import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../../sim/data.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { SimBoard } from '../../../sim/types.js';
import { type CompanyConfig, Selectors, SourcesConfig } from '../../../src/config/schema.js';
import { ConfigError, SourceError } from '../../../src/errors.js';
import { html } from '../../../src/sources/html/index.js';
import { scrapeCompany } from '../../../src/sources/scrape.js';
import { type TestDeps, testDeps } from '../../helpers/deps.js';
import { scrapeContext, thrown } from './harness.js';

/** The selectors documented in sim/boards/careers-html.ts. */
const SELECTORS = Selectors.parse({
  item: '.job-row',
  title: '.job-row__title',
  link: '.job-row__title a',
  location: '.job-row__location',
  department: '.job-row__department',
  next_page: '.pagination a[rel="next"]',
});

let sim: Simulator;
let t: TestDeps;
let board: SimBoard;

beforeAll(async () => {
  const boards = generateBoards([{ kind: 'html', slug: 'globex', companyName: 'Globex Cloud', jobs: 23 }]);
  board = boards[0] as SimBoard;
  sim = await startSimulator({ boards });
  t = testDeps({ http: { retries: 0 } });
});

afterAll(async () => {
  await t?.close();
  await sim?.close();
});

const company = (query = '', extra: Partial<CompanyConfig> = {}): CompanyConfig => ({
  name: 'Globex Cloud',
  url: `${sim.origin}/careers/globex/html${query}`,
  selectors: SELECTORS,
  ...extra,
});

/** Requests the simulator saw for the careers page from here on. */
function pageRequests(from: number): string[] {
  return sim.requests
    .slice(from)
    .filter((r) => r.path.startsWith('/careers/globex/html'))
    .map((r) => r.path.replace('/careers/globex/html', ''));
}

describe('html source against the simulator', () => {
  it('follows the relative next link through every page and resolves every link form', async () => {
    const from = sim.requests.length;
    const result = await html.scrape(scrapeContext(t.deps, company()));
    expect(pageRequests(from)).toEqual(['', '?page=2', '?page=3']);
    expect(result.skipped).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(result.listings.map((l) => l.jobId)).toEqual(board.jobs.map((j) => j.id));
    for (const [i, job] of board.jobs.entries()) {
      expect(result.listings[i]).toMatchObject({
        id: `html:127.0.0.1/careers/globex/html:${job.id}`,
        kind: 'html',
        company: 'Globex Cloud',
        title: job.title,
        url: `${sim.origin}/postings/globex/${job.id}`,
        locations: job.locations,
        remote: job.remote ? true : null,
        department: job.department,
        description: null,
      });
    }
  });

  it('never reads a page URL twice when the last page links back to the first', async () => {
    const from = sim.requests.length;
    const result = await html.scrape(scrapeContext(t.deps, company('?page=1&loop=1')));
    expect(pageRequests(from)).toEqual(['?page=1&loop=1', '?page=2&loop=1', '?page=3&loop=1']);
    expect(result.listings).toHaveLength(board.jobs.length);
    expect(result.warnings).toEqual([
      `the next-page link leads back to ${sim.origin}/careers/globex/html?page=1&loop=1, which was already read; stopped there`,
    ]);
  });

  it('stops when a new page URL only repeats jobs already read', async () => {
    const from = sim.requests.length;
    const result = await html.scrape(scrapeContext(t.deps, company('?loop=1')));
    expect(pageRequests(from)).toEqual(['?loop=1', '?page=2&loop=1', '?page=3&loop=1', '?page=1&loop=1']);
    expect(result.listings).toHaveLength(board.jobs.length);
    expect(result.warnings).toEqual([
      `${sim.origin}/careers/globex/html?page=1&loop=1 lists only jobs already read (the pagination wraps around); stopped there`,
    ]);
  });

  it("honours max_pages: the company's over the kind's", async () => {
    let from = sim.requests.length;
    const capped = await html.scrape(scrapeContext(t.deps, company('', { max_pages: 2 }), { max_pages: 1 }));
    expect(pageRequests(from)).toEqual(['', '?page=2']);
    expect(capped.listings).toHaveLength(20);
    expect(capped.warnings).toEqual([
      `stopped after 2 page(s) (max_pages 2); ${sim.origin}/careers/globex/html?page=3 was not read`,
    ]);
    from = sim.requests.length;
    const kindCap = await html.scrape(scrapeContext(t.deps, company(), { max_pages: 1 }));
    expect(pageRequests(from)).toEqual(['']);
    expect(kindCap.listings).toHaveLength(10);
  });

  it('stops paging once max_jobs listings are in', async () => {
    const from = sim.requests.length;
    const result = await html.scrape(scrapeContext(t.deps, company('?per_page=5'), { max_jobs: 7 }));
    expect(pageRequests(from)).toEqual(['?per_page=5', '?page=2&per_page=5']);
    expect(result.listings.map((l) => l.jobId)).toEqual(board.jobs.slice(0, 7).map((j) => j.id));
  });

  it('answers an unchanged board as unchanged by the listings digest', async () => {
    const ctx = scrapeContext(t.deps, company());
    const first = await html.scrape(ctx);
    expect(first.validators?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const second = await html.scrape({ ...ctx, previous: first.validators });
    expect(second).toMatchObject({ unchanged: true, listings: [] });
    const third = await html.scrape({ ...ctx, previous: { contentHash: 'f'.repeat(64) } });
    expect(third.unchanged).toBe(false);
    expect(third.listings).toHaveLength(board.jobs.length);
  });

  it('asks for selectors when the company has none', async () => {
    const error = await thrown(() =>
      html.scrape(scrapeContext(t.deps, { ...company(), selectors: undefined })),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'companies: "Globex Cloud": selectors: required for kind "html"; add to this company "selectors": {"item": "<CSS for one job>", "title": "<CSS for its title inside it>"} (optional: "link", "location", "department", "next_page")',
    );
  });

  it('says which selector found nothing', async () => {
    const noItems = await thrown(() =>
      html.scrape(scrapeContext(t.deps, company('', { selectors: { ...SELECTORS, item: '.job-card' } }))),
    );
    expect(noItems).toBeInstanceOf(SourceError);
    expect((noItems as Error).message).toBe(
      `Globex Cloud: ${sim.origin}/careers/globex/html: no element matches selectors.item ".job-card"; check it against the page's HTML (or set "kind": "browser" if the jobs are rendered by JavaScript)`,
    );
    const noTitles = await thrown(() =>
      html.scrape(scrapeContext(t.deps, company('', { selectors: { ...SELECTORS, title: 'h2.title' } }))),
    );
    expect(noTitles).toBeInstanceOf(SourceError);
    expect((noTitles as Error).message).toContain(
      '10 element(s) match selectors.item but none is a readable job (skipped 10 malformed item record(s); first: item[0].title: no element matches selectors.title inside this item); check selectors.title',
    );
  });

  it('is chosen for a company with selectors and no kind', async () => {
    const result = await scrapeCompany(company(), SourcesConfig.parse({}), t.deps);
    expect(result.error).toBeNull();
    expect(result.kind).toBe('html');
    expect(result.listings).toHaveLength(board.jobs.length);
  });
});

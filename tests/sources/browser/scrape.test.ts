import type { BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../../sim/data.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { SimBoard } from '../../../sim/types.js';
import type { StageDeps } from '../../../src/app/context.js';
import { BrowserConfig, type CompanyConfig, Selectors, SourcesConfig } from '../../../src/config/schema.js';
import { CancelledError, SourceError } from '../../../src/errors.js';
import { type BrowserProvider, LazyBrowser } from '../../../src/infra/browser.js';
import { browser as browserSource } from '../../../src/sources/browser/index.js';
import { scrapeCompany } from '../../../src/sources/scrape.js';
import { type TestDeps, testDeps } from '../../helpers/deps.js';
import { scrapeContext, thrown } from '../html/harness.js';

/** The real LazyBrowser, with a record of every context it handed out and whether it was closed. */
class RecordingBrowser implements BrowserProvider {
  readonly contexts: BrowserContext[] = [];
  closedContexts = 0;

  constructor(readonly inner: LazyBrowser) {}

  get started(): boolean {
    return this.inner.started;
  }

  async newContext(): Promise<BrowserContext> {
    const context = await this.inner.newContext();
    this.contexts.push(context);
    context.once('close', () => this.closedContexts++);
    return context;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The selectors documented in sim/boards/careers-app.ts. */
const APP = Selectors.parse({
  item: '.job-card',
  title: '.job-card__title',
  link: 'a.job-card__link',
  location: '.job-card__location',
  department: '.job-card__team',
  load_more: 'button.load-more',
  next_page: 'button.pager__next',
});

let sim: Simulator;
let t: TestDeps;
let recording: RecordingBrowser;
let deps: StageDeps;
let initech: SimBoard;
let umbrella: SimBoard;
let globex: SimBoard;

const recordingBrowser = (config: Partial<BrowserConfig> = {}) =>
  new RecordingBrowser(new LazyBrowser(BrowserConfig.parse({ timeout_ms: 10_000, ...config })));

beforeAll(async () => {
  const boards = generateBoards([
    { kind: 'browser', slug: 'initech', companyName: 'Initech Robotics', jobs: 23 },
    { kind: 'browser', slug: 'umbrella', companyName: 'Umbrella Health', jobs: 12 },
    { kind: 'html', slug: 'globex', companyName: 'Globex Cloud', jobs: 23 },
  ]);
  [initech, umbrella, globex] = boards as [SimBoard, SimBoard, SimBoard];
  sim = await startSimulator({ boards });
  t = testDeps({ http: { retries: 0 } });
  recording = recordingBrowser();
  deps = { ...t.deps, browser: recording };
});

afterAll(async () => {
  await recording?.close();
  await t?.close();
  await sim?.close();
});

const app = (slug: string, query = '', extra: Partial<CompanyConfig> = {}): CompanyConfig => ({
  name: slug === 'initech' ? 'Initech Robotics' : 'Umbrella Health',
  url: `${sim.origin}/careers/${slug}/app${query}`,
  selectors: APP,
  ...extra,
});

/** The API pages the app fetched since `from`. */
const apiPages = (slug: string, from: number): string[] =>
  sim.requests
    .slice(from)
    .filter((r) => r.path.startsWith(`/careers/${slug}/app/api`))
    .map((r) => new URL(r.path, sim.origin).searchParams.get('page') ?? '?');

function expectAllJobs(listings: { jobId: string; title: string; url: string }[], board: SimBoard): void {
  expect(listings.map((l) => l.jobId)).toEqual(board.jobs.map((j) => j.id));
  for (const [i, job] of board.jobs.entries()) {
    expect(listings[i]).toMatchObject({
      title: job.title,
      url: `${sim.origin}/postings/${board.slug}/${job.id}`,
      locations: job.locations,
      department: job.department,
    });
  }
}

describe('browser source in Chromium against the JS-rendered simulator page', () => {
  it('reads every job through "load more" and closes its context', async () => {
    const from = sim.requests.length;
    const contextsBefore = recording.contexts.length;
    const result = await browserSource.scrape(scrapeContext(deps, app('initech')));
    expectAllJobs(result.listings, initech);
    expect(result.listings[0]?.id).toBe(`browser:127.0.0.1/careers/initech/app:${initech.jobs[0]?.id}`);
    expect(result.skipped).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(apiPages('initech', from)).toEqual(['1', '2', '3']);
    expect(recording.contexts.length - contextsBefore).toBe(1);
    expect(recording.closedContexts).toBe(recording.contexts.length);
  });

  it('reads every job through next-page buttons', async () => {
    const from = sim.requests.length;
    const result = await browserSource.scrape(scrapeContext(deps, app('initech', '?mode=pages&delay=50')));
    expectAllJobs(result.listings, initech);
    expect(result.warnings).toEqual([]);
    expect(apiPages('initech', from)).toEqual(['1', '2', '3']);
  });

  it('honours max_pages and says the board lists more', async () => {
    const from = sim.requests.length;
    const result = await browserSource.scrape(scrapeContext(deps, app('initech', '', { max_pages: 2 })));
    expect(result.listings.map((l) => l.jobId)).toEqual(initech.jobs.slice(0, 20).map((j) => j.id));
    expect(result.warnings).toEqual(['stopped after 2 page(s) (max_pages 2); the board lists more']);
    expect(apiPages('initech', from)).toEqual(['1', '2']);
  });

  it('stops once max_jobs listings are in', async () => {
    const result = await browserSource.scrape(scrapeContext(deps, app('initech'), { max_jobs: 12 }));
    expect(result.listings.map((l) => l.jobId)).toEqual(initech.jobs.slice(0, 12).map((j) => j.id));
  });

  it('follows next-page links on a server-rendered page and never opens one page twice', async () => {
    const company: CompanyConfig = {
      name: 'Globex Cloud',
      url: `${sim.origin}/careers/globex/html?page=1&loop=1`,
      selectors: Selectors.parse({
        item: '.job-row',
        title: '.job-row__title',
        location: '.job-row__location',
        department: '.job-row__department',
        next_page: '.pagination a[rel="next"]',
      }),
    };
    const from = sim.requests.length;
    const result = await browserSource.scrape(scrapeContext(deps, company));
    expectAllJobs(result.listings, globex);
    expect(result.warnings).toEqual([
      `the next-page link leads back to ${sim.origin}/careers/globex/html?page=1&loop=1, which was already read; stopped there`,
    ]);
    const pages = sim.requests.slice(from).filter((r) => r.path.startsWith('/careers/globex/html'));
    expect(pages.map((r) => r.path)).toEqual([
      '/careers/globex/html?page=1&loop=1',
      '/careers/globex/html?page=2&loop=1',
      '/careers/globex/html?page=3&loop=1',
    ]);
  });
});

describe('the shared browser', () => {
  it('is launched once for two companies, with a context each, all closed', async () => {
    const shared = recordingBrowser();
    const both = { ...t.deps, browser: shared };
    try {
      const sources = SourcesConfig.parse({});
      const [a, b] = await Promise.all([
        scrapeCompany({ ...app('initech'), kind: 'browser' }, sources, both),
        scrapeCompany({ ...app('umbrella', '?mode=pages'), kind: 'browser' }, sources, both),
      ]);
      expect(a.error).toBeNull();
      expect(b.error).toBeNull();
      expect(a.kind).toBe('browser');
      expectAllJobs(a.listings, initech);
      expectAllJobs(b.listings, umbrella);
      expect(shared.inner.launches).toBe(1);
      expect(shared.contexts).toHaveLength(2);
      expect(shared.contexts[0]?.browser()).toBe(shared.contexts[1]?.browser());
      expect(shared.closedContexts).toBe(2);
    } finally {
      await shared.close();
    }
  });

  it('closes the context when a source throws, and the browser at the end', async () => {
    const shared = recordingBrowser({ timeout_ms: 4_000 });
    const failing = { ...t.deps, browser: shared };
    let chromium: ReturnType<BrowserContext['browser']> = null;
    try {
      const noItems = await thrown(() =>
        browserSource.scrape(
          scrapeContext(
            failing,
            app('initech', '', { selectors: { ...APP, item: '.nope', wait_for: '#jobs-app' } }),
          ),
        ),
      );
      expect(noItems).toBeInstanceOf(SourceError);
      expect((noItems as Error).message).toBe(
        `Initech Robotics: ${sim.origin}/careers/initech/app: no element matches selectors.item ".nope"; check it against the rendered page`,
      );

      const neverRendered = await thrown(() =>
        browserSource.scrape(
          scrapeContext(failing, app('initech', '', { selectors: { ...APP, item: '.nope' } })),
        ),
      );
      expect(neverRendered).toBeInstanceOf(SourceError);
      expect((neverRendered as Error).message).toBe(
        `Initech Robotics: ${sim.origin}/careers/initech/app: nothing matched selectors.item ".nope" within the browser timeout (browser.timeout_ms); check the selector against the rendered page`,
      );

      const missing = await thrown(() => browserSource.scrape(scrapeContext(failing, app('nobody'))));
      expect((missing as Error).message).toBe(
        `Umbrella Health: ${sim.origin}/careers/nobody/app: the page answered HTTP 404`,
      );

      expect(shared.contexts).toHaveLength(3);
      expect(shared.closedContexts).toBe(3);
      chromium = shared.contexts[0]?.browser() ?? null;
      expect(chromium?.isConnected()).toBe(true);
    } finally {
      await shared.close();
    }
    expect(chromium?.isConnected()).toBe(false);
    expect(shared.started).toBe(false);
  });

  it('reports a browser that cannot start as a SourceError for the company', async () => {
    const broken = recordingBrowser({ executable_path: '/nonexistent/chromium' });
    try {
      const result = await scrapeCompany({ ...app('initech'), kind: 'browser' }, SourcesConfig.parse({}), {
        ...t.deps,
        browser: broken,
      });
      expect(result.error).toBeInstanceOf(SourceError);
      expect(result.error?.message).toMatch(
        /^Initech Robotics: .+: cannot start the browser: cannot launch \/nonexistent\/chromium: .+; install Chromium or set browser.executable_path/,
      );
    } finally {
      await broken.close();
    }
  });

  it('stops at once on Ctrl-C, as a cancellation, with its context closed', async () => {
    const own = testDeps();
    const shared = recordingBrowser();
    try {
      const from = sim.requests.length;
      const run = browserSource.scrape(
        scrapeContext({ ...own.deps, browser: shared }, app('umbrella', '?delay=5000')),
      );
      const outcome = run.catch((e: unknown) => e);
      // Abort once the app has asked for its first page, while it waits to render it.
      for (let i = 0; apiPages('umbrella', from).length === 0; i++) {
        if (i > 500) throw new Error('the app never asked for its first page');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      own.abort.abort(new Error('interrupted'));
      expect(await outcome).toBeInstanceOf(CancelledError);
      expect(shared.closedContexts).toBe(shared.contexts.length);
    } finally {
      await shared.close();
      await own.close();
    }
  });
});

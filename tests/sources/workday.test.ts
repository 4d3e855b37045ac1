import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkdayRoutes } from '../../sim/boards/workday.js';
import { ALL_ROUTES } from '../../sim/routes.js';
import type { SimBoard } from '../../sim/types.js';
import { JobError } from '../../src/errors.js';
import { readPaged } from '../../src/sources/shared/paged.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { readBoardPage } from '../../src/sources/shared/request.js';
import { workday, workdaySiteOf } from '../../src/sources/workday/index.js';
import { parseWorkdayPage, parseWorkdayPostings } from '../../src/sources/workday/parse.js';
import { WorkdayJobDetail } from '../../src/sources/workday/schema.js';
import { readBoardFixture } from '../simulator/shape.js';
import { oneBoard, type SourceHarness, sourceHarness } from './harness.js';

const site = {
  siteOrigin: 'https://nvidia.wd5.myworkdayjobs.com',
  tenant: 'nvidia',
  site: 'NVIDIAExternalCareerSite',
};
const ref: BoardRef = {
  kind: 'workday',
  company: 'NVIDIA',
  board: 'nvidia/NVIDIAExternalCareerSite',
  url: 'https://nvidia.wd5.myworkdayjobs.com/wday/cxs/nvidia/NVIDIAExternalCareerSite/jobs',
};

describe('Workday parse (real payloads)', () => {
  it('reads the NVIDIA list page into listings', () => {
    const page = parseWorkdayPage(readBoardFixture('workday/nvidia_cxs_jobs_list.json'), ref);
    expect(page.total).toBe(3);
    const parsed = parseWorkdayPostings(page.jobPostings, site, ref);
    expect(parsed.skipped).toBe(0);
    expect(parsed.listings[0]).toEqual({
      id: 'workday:nvidia/NVIDIAExternalCareerSite:JR2021705',
      kind: 'workday',
      board: 'nvidia/NVIDIAExternalCareerSite',
      jobId: 'JR2021705',
      company: 'NVIDIA',
      title: 'Practical Hardware Electronics Test Engineer',
      locations: ['Israel, Yokneam'],
      countries: [],
      workplace: null,
      department: null,
      team: null,
      employmentType: null,
      hiringOrganization: null,
      validThrough: null,
      salary: null,
      url: 'https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite/job/Israel-Yokneam/Practical-Hardware-Electronics-Test-Engineer_JR2021705',
      postedAt: null,
      updatedAt: null,
      requisitionId: 'JR2021705',
      description: null,
    });
    expect(parsed.listings.map((l) => [l.jobId, l.locations])).toEqual([
      ['JR2021705', ['Israel, Yokneam']],
      ['JR1980127', ['US, CA, Santa Clara']],
      // "2 Locations" is a count, not a place.
      ['JR2008808', []],
    ]);
  });

  it('reads the real detail payload', () => {
    const detail = WorkdayJobDetail.parse(readBoardFixture('workday/nvidia_cxs_job_detail.json'));
    expect(detail.jobPostingInfo.jobReqId).toBe('JR2021705');
    expect(detail.jobPostingInfo.jobDescription).toMatch(/^<p>Our Lab team in Israel Yokneam/);
  });

  it('skips a posting without an externalPath', () => {
    const raw = readBoardFixture('workday/nvidia_cxs_jobs_list.json') as {
      jobPostings: Array<Record<string, unknown>>;
    };
    delete raw.jobPostings[1]?.['externalPath'];
    const parsed = parseWorkdayPostings(raw.jobPostings, site, ref);
    expect(parsed.listings.map((l) => l.jobId)).toEqual(['JR2021705', 'JR2008808']);
    expect(parsed.skipped).toBe(1);
    expect(parsed.warnings[0]).toContain('jobPostings[1].externalPath');
  });

  it('finds tenant and site in every URL form', () => {
    expect(
      workdaySiteOf(new URL('https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite')),
    ).toEqual(site);
    expect(
      workdaySiteOf(new URL('https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite/job/x/y_JR1')),
    ).toEqual(site);
    expect(workdaySiteOf(new URL('https://Dell.wd1.myworkdayjobs.com/External'))).toEqual({
      siteOrigin: 'https://dell.wd1.myworkdayjobs.com',
      tenant: 'dell',
      site: 'External',
    });
    expect(workdaySiteOf(new URL('https://nvidia.wd5.myworkdayjobs.com/'))).toBeNull();
    expect(workdaySiteOf(new URL('https://example.com/NVIDIAExternalCareerSite'))).toBeNull();
  });
});

const CAP = 100;

describe('Workday source against the simulator', () => {
  let h: SourceHarness;
  let board: SimBoard;
  let big: SimBoard;

  beforeAll(async () => {
    board = oneBoard('workday', 'acme/External', 'Acme', 47);
    big = oneBoard('workday', 'bigco/Careers', 'BigCo', CAP + 25, 7);
    // Workday's real cap is 2000; a lower one exercises the same wrap-around in fewer pages.
    const routes = [
      ...ALL_ROUTES.filter((r) => r.kind !== 'workday'),
      ...createWorkdayRoutes({ totalCap: CAP }),
    ];
    h = await sourceHarness([board, big], {}, routes);
  });
  afterAll(() => h.close());

  const pagesAsked = (from: number, slug: string) =>
    h.sim.requests
      .slice(from)
      .filter((r) => r.slug === slug && r.method === 'POST')
      .map((r) => r.path);

  it('pages 20 at a time until the short page', async () => {
    const before = h.sim.requests.length;
    const result = await workday.scrape(h.ctx(workday, h.company(board)));
    expect(pagesAsked(before, 'acme/External')).toHaveLength(3);
    expect(result.listings.map((l) => l.requisitionId)).toEqual(board.jobs.map((j) => j.requisitionId));
    expect(result.listings.map((l) => l.title)).toEqual(board.jobs.map((j) => j.title));
    expect(result.listings[0]?.id).toBe(`workday:acme/External:${board.jobs[0]?.requisitionId}`);
    expect(result.listings[0]?.url.startsWith(`${h.sim.origin}/External/job/`)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('reads a description from the detail API, and the posting URL leads to the posting page', async () => {
    const ctx = h.ctx(workday, h.company(board));
    const { listings } = await workday.scrape(ctx);
    const text = await workday.fetchDescription?.(listings[21]!, ctx);
    expect(text).toEqual({ format: 'html', content: board.jobs[21]?.descriptionHtml });
    const page = await h.t.deps.http.request(listings[21]!.url);
    expect(page.url).toBe(`${h.sim.origin}/postings/acme/External/${board.jobs[21]?.id}`);
  });

  it('reports a delisted posting as a JobError for that job alone', async () => {
    const ctx = h.ctx(workday, h.company(board));
    const { listings } = await workday.scrape(ctx);
    board.jobs[5]!.unlisted = true;
    try {
      const error = await workday.fetchDescription?.(listings[5]!, ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobError);
      expect((error as JobError).jobId).toBe(listings[5]?.id);
      expect((error as JobError).message).toContain('HTTP 403');
    } finally {
      board.jobs[5]!.unlisted = undefined;
    }
  });

  it('stops at the cap instead of reading the wrapped pages again', async () => {
    const before = h.sim.requests.length;
    const result = await workday.scrape(h.ctx(workday, h.company(big)));
    expect(pagesAsked(before, 'bigco/Careers')).toHaveLength(CAP / 20);
    expect(result.listings).toHaveLength(CAP);
    expect(new Set(result.listings.map((l) => l.id)).size).toBe(CAP);
  });

  it('stops when a page only repeats earlier jobs, even without a total', async () => {
    // A tenant whose total cannot be trusted: only the repeat guard ends a board that wraps.
    const ctx = h.ctx(workday, h.company(big));
    const url = `${h.sim.origin}/wday/cxs/bigco/Careers/jobs`;
    const before = h.sim.requests.length;
    const { parsed } = await readPaged(ctx, {
      pageSize: 20,
      async fetchPage(offset) {
        const json = { appliedFacets: {}, limit: 20, offset, searchText: '' };
        const { body, bytes } = await readBoardPage(ctx, url, { json });
        return { items: parseWorkdayPage(body, ref).jobPostings, bytes, total: null };
      },
      keyOf: (item) => (item as { externalPath: string }).externalPath,
      parse: (items) => parseWorkdayPostings(items, site, ref),
    });
    expect(parsed.listings).toHaveLength(CAP);
    expect(parsed.warnings).toEqual([
      `page at offset ${CAP} repeated earlier jobs; stopped (the board wraps past its cap)`,
    ]);
    expect(pagesAsked(before, 'bigco/Careers')).toHaveLength(CAP / 20 + 1);
  });

  it('honours max_pages with a warning', async () => {
    const result = await workday.scrape(h.ctx(workday, h.company(board, { max_pages: 2 })));
    expect(result.listings).toHaveLength(40);
    expect(result.warnings).toEqual(['stopped after 2 page(s) (max_pages); the board may list more']);
  });
});

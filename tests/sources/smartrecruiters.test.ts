import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBoard } from '../../sim/types.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { smartrecruiters } from '../../src/sources/smartrecruiters/index.js';
import {
  parseSmartRecruitersPage,
  parseSmartRecruitersPostings,
} from '../../src/sources/smartrecruiters/parse.js';
import { readBoardFixture } from '../simulator/shape.js';
import { oneBoard, type SourceHarness, sourceHarness } from './harness.js';

const ref: BoardRef = {
  kind: 'smartrecruiters',
  company: 'SmartRecruiters',
  board: 'smartrecruiters',
  url: 'https://api.smartrecruiters.com/v1/companies/smartrecruiters/postings',
};

describe('SmartRecruiters parse (real payload)', () => {
  it('names each place once: a region equal to its city, or REMOTE on a remote posting, is left out', () => {
    const raw = readBoardFixture('smartrecruiters/smartrecruiters_postings_list.json') as {
      content: Array<{ location: Record<string, unknown> }>;
    };
    raw.content[0]!.location = {
      city: 'Dublin',
      region: 'Dublin',
      country: 'ie',
      remote: false,
      hybrid: false,
      fullLocation: 'Dublin, Dublin, Ireland',
    };
    const listings = parseSmartRecruitersPage(raw, ref).content;
    const [dublin, poland] = parseSmartRecruitersPostings(listings, ref).listings;
    expect(dublin).toMatchObject({
      locations: ['Dublin, Ireland'],
      countries: ['Ireland'],
      workplace: 'onsite',
    });
    expect(poland).toMatchObject({ locations: ['Poland'], workplace: 'remote' });
  });

  it('reads the postings list into listings', () => {
    const page = parseSmartRecruitersPage(
      readBoardFixture('smartrecruiters/smartrecruiters_postings_list.json'),
      ref,
    );
    expect(page.totalFound).toBe(3);
    const parsed = parseSmartRecruitersPostings(page.content, ref);
    expect(parsed.skipped).toBe(0);
    expect(parsed.listings[0]).toEqual({
      id: 'smartrecruiters:smartrecruiters:744000137613800',
      kind: 'smartrecruiters',
      board: 'smartrecruiters',
      jobId: '744000137613800',
      company: 'SmartRecruiters',
      title: 'Senior Information Security Engineer',
      // fullLocation 'Poland, REMOTE, Poland': each place once, remote is the workplace.
      locations: ['Poland'],
      countries: ['Poland'],
      workplace: 'remote',
      department: 'Engineering',
      team: null,
      employmentType: 'Full-time',
      hiringOrganization: null,
      validThrough: null,
      salary: null,
      url: 'https://jobs.smartrecruiters.com/smartrecruiters/744000137613800-senior-information-security-engineer',
      postedAt: '2026-07-14T08:29:20.852Z',
      updatedAt: null,
      requisitionId: 'REF2010Z',
      description: null,
    });
    expect(parsed.listings.map((l) => [l.title, l.employmentType, l.department])).toEqual([
      ['Senior Information Security Engineer', 'Full-time', 'Engineering'],
      ['Data Operations Consultant', 'Contract', 'Technical Services'],
      ['Senior AI Engineer', 'Full-time', 'Engineering'],
    ]);
  });

  it('skips a posting without a name', () => {
    const raw = readBoardFixture('smartrecruiters/smartrecruiters_postings_list.json') as {
      content: Array<Record<string, unknown>>;
    };
    raw.content[2]!['name'] = '   ';
    const parsed = parseSmartRecruitersPostings(raw.content, ref);
    expect(parsed.listings).toHaveLength(2);
    expect(parsed.skipped).toBe(1);
    expect(parsed.warnings[0]).toContain('content[2].name');
  });
});

describe('SmartRecruiters source against the simulator', () => {
  let h: SourceHarness;
  let board: SimBoard;

  beforeAll(async () => {
    board = oneBoard('smartrecruiters', 'UmbrellaHealth', 'Umbrella Health', 235);
    h = await sourceHarness([board]);
  });
  afterAll(() => h.close());

  it('pages 100 at a time up to totalFound', async () => {
    const before = h.sim.requests.length;
    const result = await smartrecruiters.scrape(h.ctx(smartrecruiters, h.company(board)));
    expect(h.sim.requests.slice(before).map((r) => r.path)).toEqual([
      '/v1/companies/UmbrellaHealth/postings?limit=100&offset=0',
      '/v1/companies/UmbrellaHealth/postings?limit=100&offset=100',
      '/v1/companies/UmbrellaHealth/postings?limit=100&offset=200',
    ]);
    expect(result.listings).toHaveLength(235);
    expect(result.listings.map((l) => l.requisitionId)).toEqual(board.jobs.map((j) => j.requisitionId));
    expect(result.listings.map((l) => l.postedAt)).toEqual(board.jobs.map((j) => j.postedAt));
    expect(result.listings.map((l) => l.workplace)).toEqual(
      board.jobs.map((j) => (j.remote ? 'remote' : 'onsite')),
    );
    expect(result.listings[0]?.locations).toHaveLength(1);
  });

  it('stops at max_jobs without reading further pages', async () => {
    const before = h.sim.requests.length;
    const ctx = h.ctx(smartrecruiters, h.company(board));
    const result = await smartrecruiters.scrape({ ...ctx, options: { ...ctx.options, max_jobs: 100 } });
    expect(h.sim.requests.length - before).toBe(1);
    expect(result.listings).toHaveLength(100);
  });

  it('reads the job ad sections as the description, and the company blurb', async () => {
    const ctx = h.ctx(smartrecruiters, h.company(board));
    const { listings } = await smartrecruiters.scrape(ctx);
    const text = await smartrecruiters.fetchDescription?.(listings[150]!, ctx);
    const job = board.jobs[150]!;
    expect(text?.format).toBe('html');
    expect(text?.content).toContain('<h2>Job Description</h2>');
    expect(text?.content).toContain('<h2>Qualifications</h2>');
    for (const item of job.descriptionHtml.matchAll(/<li>(.*?)<\/li>/g))
      expect(text?.content).toContain(item[1]);
    expect(text?.content).not.toContain(board.about);
    expect(await smartrecruiters.about?.(ctx)).toBe(board.about);
  });

  it('warns on an empty answer, which is how the API answers an unknown company', async () => {
    const company = { ...h.company(board), url: 'https://jobs.smartrecruiters.com/NoSuchCompany' };
    const result = await smartrecruiters.scrape(h.ctx(smartrecruiters, company));
    expect(result.listings).toEqual([]);
    expect(result.warnings).toEqual([
      'no postings for company "NoSuchCompany"; if the company does have openings, check the identifier in https://jobs.smartrecruiters.com/<company>',
    ]);
  });
});

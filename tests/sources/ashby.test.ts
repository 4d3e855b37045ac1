import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBoard } from '../../sim/types.js';
import { ashby } from '../../src/sources/ashby/index.js';
import { parseAshbyJobBoard } from '../../src/sources/ashby/parse.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { readBoardFixture } from '../simulator/shape.js';
import { oneBoard, type SourceHarness, sourceHarness } from './harness.js';

const ref = (board: string): BoardRef => ({
  kind: 'ashby',
  company: board,
  board,
  url: `https://api.ashbyhq.com/posting-api/job-board/${board}`,
});

describe('Ashby parse (real payloads)', () => {
  it('reads a 2025 board without workplaceType, with secondary locations', () => {
    const parsed = parseAshbyJobBoard(
      readBoardFixture('ashby/turbopuffer_job-board_includeCompensation.json'),
      ref('turbopuffer'),
    );
    expect(parsed.skipped).toBe(0);
    expect(parsed.listings.map((l) => l.title)).toEqual([
      'data engineer',
      'account executive',
      'solutions engineer',
      'customer support engineer',
      'database engineer',
      'lead security engineer',
    ]);
    const second = parsed.listings[1];
    expect({ ...second, description: null }).toEqual({
      id: 'ashby:turbopuffer:492cdad9-a98e-4ac9-a670-5fe11c688dd0',
      kind: 'ashby',
      board: 'turbopuffer',
      jobId: '492cdad9-a98e-4ac9-a670-5fe11c688dd0',
      company: 'turbopuffer',
      title: 'account executive',
      locations: ['US', 'Canada'],
      remote: true,
      department: 'GTM',
      employmentType: 'Full-time',
      url: 'https://jobs.ashbyhq.com/turbopuffer/492cdad9-a98e-4ac9-a670-5fe11c688dd0',
      postedAt: '2025-09-12T12:34:25.676Z',
      updatedAt: null,
      requisitionId: null,
      description: null,
    });
    expect(second?.description?.content).toMatch(/^<p style="min-height:1.5em">/);
  });

  it('reads a 2026 board with workplaceType OnSite', () => {
    const parsed = parseAshbyJobBoard(
      readBoardFixture('ashby/openevidence_job-board.json'),
      ref('openevidence'),
    );
    expect(parsed.listings.map((l) => [l.title, l.locations, l.remote, l.postedAt])).toEqual([
      ['Member of Technical Staff', ['San Francisco', 'Miami'], false, '2026-01-22T21:44:44.930Z'],
      ['Software Engineer, Data Platform', ['San Francisco', 'Miami'], false, '2026-02-23T04:19:16.820Z'],
    ]);
  });

  it('leaves out unlisted jobs without counting them, and counts malformed ones', () => {
    const raw = readBoardFixture('ashby/materialsecurity_job-board.json') as {
      jobs: Array<Record<string, unknown>>;
    };
    const first = raw.jobs[0] ?? {};
    raw.jobs.push({ ...first, id: 'unlisted-1', isListed: false }, { ...first, id: 'broken', jobUrl: 7 });
    const parsed = parseAshbyJobBoard(raw, ref('materialsecurity'));
    expect(parsed.listings.map((l) => l.jobId)).toEqual(['8b5e1d54-a55e-4088-9213-b6c79a97bc1a']);
    expect(parsed.skipped).toBe(1);
    expect(parsed.warnings[0]).toContain('jobs[2].jobUrl');
  });
});

describe('Ashby source against the simulator', () => {
  let h: SourceHarness;
  let board: SimBoard;

  beforeAll(async () => {
    board = oneBoard('ashby', 'Initech Labs', 'Initech', 6);
    board.jobs[1]!.unlisted = true;
    board.jobs[2]!.locations = ['Berlin, Germany', 'Amsterdam, Netherlands'];
    h = await sourceHarness([board]);
  });
  afterAll(() => h.close());

  it('scrapes a board whose name has a space, leaving out the unlisted job', async () => {
    const company = h.company(board);
    expect(company.url).toBe('https://jobs.ashbyhq.com/Initech%20Labs');
    const result = await ashby.scrape(h.ctx(ashby, company));
    const listed = board.jobs.filter((j) => !j.unlisted);
    expect(result.skipped).toBe(0);
    expect(result.listings.map((l) => l.title)).toEqual(listed.map((j) => j.title));
    expect(result.listings[0]?.id).toMatch(/^ashby:Initech Labs:[0-9a-f-]{36}$/);
    expect(result.listings[1]?.locations).toEqual(['Berlin, Germany', 'Amsterdam, Netherlands']);
    for (const [i, listing] of result.listings.entries()) {
      expect(listing.description?.content).toBe(listed[i]?.descriptionHtml);
      expect(listing.postedAt).toBe(listed[i]?.postedAt);
      expect(listing.remote).toBe(listed[i]?.remote);
    }
    expect(h.sim.requests.at(-1)?.path).toBe('/posting-api/job-board/Initech%20Labs');
  });
});

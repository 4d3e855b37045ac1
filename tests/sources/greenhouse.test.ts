import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBoard } from '../../sim/types.js';
import { SourceError } from '../../src/errors.js';
import { greenhouse } from '../../src/sources/greenhouse/index.js';
import { parseGreenhouseJobs } from '../../src/sources/greenhouse/parse.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { readBoardFixture } from '../simulator/shape.js';
import { oneBoard, type SourceHarness, sourceHarness } from './harness.js';

const ref = (board: string): BoardRef => ({
  kind: 'greenhouse',
  company: 'SmarterDx',
  board,
  url: `https://boards-api.greenhouse.io/v1/boards/${board}/jobs?content=true`,
});

describe('Greenhouse parse (real payloads)', () => {
  it('reads the smarterdx board into listings', () => {
    const parsed = parseGreenhouseJobs(
      readBoardFixture('greenhouse/smarterdx_jobs_content_true.json'),
      ref('smarterdx'),
    );
    expect(parsed.skipped).toBe(0);
    expect(parsed.warnings).toEqual([]);
    const [first, second] = parsed.listings;
    expect({ ...first, description: undefined }).toEqual({
      id: 'greenhouse:smarterdx:5193736007',
      kind: 'greenhouse',
      board: 'smarterdx',
      jobId: '5193736007',
      company: 'SmarterDx',
      title: 'Client Support Analyst I',
      locations: ['Remote (United States)'],
      remote: true,
      department: 'Customer Success',
      employmentType: null,
      url: 'https://job-boards.greenhouse.io/smarterdx/jobs/5193736007',
      postedAt: '2026-07-27T17:48:30.000Z',
      updatedAt: '2026-07-27T18:17:12.000Z',
      requisitionId: '303',
      description: undefined,
    });
    expect(first?.description?.format).toBe('html');
    expect(first?.description?.content).toMatch(/^<div class="content-intro"><p>SmarterDx is transforming/);
    expect(first?.description?.content).not.toContain('&lt;');
    expect(second?.title).toBe('Clinical Coding Specialist');
    expect(second?.postedAt).toBe('2026-04-06T13:38:12.000Z');
  });

  it('keeps a custom-domain absolute_url and a board that sends no meta', () => {
    const parsed = parseGreenhouseJobs(
      readBoardFixture('greenhouse/duolingo_jobs_content_true_custom_domain.json'),
      ref('duolingo'),
    );
    expect(
      parsed.listings.map((l) => [l.jobId, l.title, l.locations, l.remote, l.requisitionId, l.department]),
    ).toEqual([
      [
        '8455252002',
        'Business Development Manager',
        ['London, England'],
        null,
        'R-01106',
        'Business Development',
      ],
      ['8576434002', 'Corporate Counsel', ['Pittsburgh, PA'], null, 'R-01156', 'Legal'],
    ]);
    expect(parsed.listings[0]?.url).toBe('https://careers.duolingo.com/jobs/8455252002?gh_jid=8455252002');
  });

  it('skips and counts a malformed job, and fails the board on a malformed envelope', () => {
    const payload = readBoardFixture('greenhouse/smarterdx_jobs_content_true.json') as {
      jobs: Array<Record<string, unknown>>;
    };
    payload.jobs[0] = { ...payload.jobs[0], id: 'not-a-number' };
    const parsed = parseGreenhouseJobs(payload, ref('smarterdx'));
    expect(parsed.listings.map((l) => l.jobId)).toEqual(['5099964007']);
    expect(parsed.skipped).toBe(1);
    expect(parsed.warnings[0]).toMatch(/skipped 1 malformed jobs.*jobs\[0\]\.id/);
    const bad = () => parseGreenhouseJobs({ status: 404, error: 'Job not found' }, ref('smarterdx'));
    expect(bad).toThrow(SourceError);
    expect(bad).toThrow(
      /SmarterDx: https:\/\/boards-api\.greenhouse\.io\/v1\/boards\/smarterdx\/jobs\?content=true: unexpected greenhouse payload \(jobs: /,
    );
  });
});

describe('Greenhouse source against the simulator', () => {
  let h: SourceHarness;
  let board: SimBoard;

  beforeAll(async () => {
    board = oneBoard('greenhouse', 'acme', 'Acme Labs', 6);
    board.jobs[5]!.unlisted = true;
    board.jobs[1]!.locations = ['Austin, TX', 'Remote - US'];
    h = await sourceHarness([board]);
  });
  afterAll(() => h.close());

  it('scrapes the whole board with descriptions', async () => {
    const result = await greenhouse.scrape(h.ctx(greenhouse, h.company(board)));
    expect(result.unchanged).toBe(false);
    expect(result.skipped).toBe(0);
    const listed = board.jobs.slice(0, 5);
    expect(result.listings.map((l) => l.id)).toEqual(listed.map((j) => `greenhouse:acme:${j.id}`));
    for (const [i, listing] of result.listings.entries()) {
      const job = listed[i]!;
      expect(listing.title).toBe(job.title);
      expect(listing.locations).toEqual(job.locations);
      expect(listing.postedAt).toBe(job.postedAt);
      expect(listing.updatedAt).toBe(job.updatedAt);
      expect(listing.requisitionId).toBe(job.requisitionId);
      expect(listing.department).toBe(job.department);
      expect(listing.description).toEqual({ format: 'html', content: job.descriptionHtml });
      expect(listing.remote).toBe(job.locations.some((l) => l.startsWith('Remote')) ? true : null);
    }
  });

  it('answers 304 to the previous ETag and reports the board unchanged', async () => {
    const company = h.company(board);
    const first = await greenhouse.scrape(h.ctx(greenhouse, company));
    expect(first.validators?.etag).toMatch(/^".+"$/);
    const before = h.sim.requests.length;
    const second = await greenhouse.scrape(h.ctx(greenhouse, company, first.validators));
    expect(second).toMatchObject({ unchanged: true, listings: [] });
    expect(second.validators?.etag).toBe(first.validators?.etag);
    expect(h.sim.requests.slice(before).map((r) => r.status)).toEqual([304]);
  });

  it('reads one description from the detail API and the board intro', async () => {
    const company = h.company(board);
    const ctx = h.ctx(greenhouse, company);
    const { listings } = await greenhouse.scrape(ctx);
    const text = await greenhouse.fetchDescription?.(listings[2]!, ctx);
    expect(text).toEqual({ format: 'html', content: board.jobs[2]?.descriptionHtml });
    expect(await greenhouse.about?.(ctx)).toBe(board.about);
  });

  it('fails an unknown board with a SourceError that says what to check', async () => {
    const company = { ...h.company(board), url: 'https://boards.greenhouse.io/nobody' };
    const error = await greenhouse.scrape(h.ctx(greenhouse, company)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      `Acme Labs: ${h.sim.origin}/v1/boards/nobody/jobs?content=true: board request failed: HTTP 404 Not Found; the board was not found: check the company URL (or its kind)`,
    );
  });

  it('asks for a board URL when the configured URL names none', async () => {
    const company = {
      ...h.company(board),
      url: 'https://careers.acme.example/jobs',
      kind: 'greenhouse' as const,
    };
    await expect(greenhouse.scrape(h.ctx(greenhouse, company))).rejects.toThrow(
      /Acme Labs: https:\/\/careers\.acme\.example\/jobs: cannot find the board in this URL; use the board's own URL \(https:\/\/job-boards\.greenhouse\.io\/<token>\)/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { filterLine, selectJobs } from '../../src/match/index.js';
import { listing, scoredAt } from './fixtures/build.js';

const never = () => false;

const acme = [90, 85, 70, 55].map((total, i) =>
  scoredAt(listing({ title: `Backend Engineer ${i}`, jobId: `a${i}`, company: 'Acme Labs' }), total),
);
const globex = [80, 75].map((total, i) =>
  scoredAt(
    listing({ title: `Platform Engineer ${i}`, jobId: `g${i}`, company: 'Globex Cloud', board: 'globex' }),
    total,
  ),
);
const all = [...acme, ...globex];
const titles = (jobs: { listing: { title: string } }[]) => jobs.map((j) => j.listing.title);

describe('selectJobs', () => {
  it('skips a job whose application deadline (validThrough) has passed', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const closed = scoredAt(listing({ title: 'Closed', validThrough: '2026-11-30T23:59:00.000Z' }), 95);
    const open = scoredAt(listing({ title: 'Open', validThrough: '2026-12-15T00:00:00.000Z' }), 90);
    const noDeadline = scoredAt(listing({ title: 'No deadline', company: 'Globex Cloud' }), 80);
    const result = selectJobs([closed, open, noDeadline], {
      minScore: 60,
      topPerCompany: true,
      isHandled: never,
      now,
    });
    expect(titles(result.selected)).toEqual(['Open', 'No deadline']);
    expect(result.expired).toBe(1);
  });

  it('top_per_company true keeps the best job of each company', () => {
    const result = selectJobs(all, { minScore: 60, topPerCompany: true, isHandled: never });
    expect(titles(result.selected)).toEqual(['Backend Engineer 0', 'Platform Engineer 0']);
    expect(result).toMatchObject({
      belowMin: 1,
      cutByCompanyLimit: 3,
      excluded: 0,
      handledBefore: 0,
      cutByCap: 0,
    });
  });

  it('top_per_company N keeps the best N of each company', () => {
    const result = selectJobs(all, { minScore: 60, topPerCompany: 2, isHandled: never });
    expect(titles(result.selected)).toEqual([
      'Backend Engineer 0',
      'Backend Engineer 1',
      'Platform Engineer 0',
      'Platform Engineer 1',
    ]);
    expect(result.cutByCompanyLimit).toBe(1);
  });

  it('top_per_company false keeps every job above min_score, best first', () => {
    const result = selectJobs(all, { minScore: 60, topPerCompany: false, isHandled: never });
    expect(result.selected.map((j) => j.score.total)).toEqual([90, 85, 80, 75, 70]);
    expect(result.belowMin).toBe(1);
  });

  it('applies the overall cap after the company limit', () => {
    const result = selectJobs(all, {
      minScore: 0,
      topPerCompany: false,
      maxApplications: 3,
      isHandled: never,
    });
    expect(result.selected.map((j) => j.score.total)).toEqual([90, 85, 80]);
    expect(result.cutByCap).toBe(3);
  });

  it('skips jobs handled in earlier runs, also when handled under a duplicate id', () => {
    const repost = listing({ title: 'Backend Engineer', jobId: 'old-1' });
    const merged = scoredAt(listing({ title: 'Backend Engineer', jobId: 'new-1' }), 95, {
      duplicates: [repost],
    });
    const handled = new Set([acme[0]!.listing.id, repost.id]);
    const result = selectJobs([merged, ...acme], {
      minScore: 60,
      topPerCompany: true,
      isHandled: (id) => handled.has(id),
    });
    expect(titles(result.selected)).toEqual(['Backend Engineer 1']);
    expect(result.handledBefore).toBe(2);
  });

  it('never selects excluded jobs and counts every job once', () => {
    const excluded = scoredAt(listing({ title: 'Senior Backend Engineer' }), 0, { excluded: true });
    const input = [excluded, ...all];
    const result = selectJobs(input, { minScore: 60, topPerCompany: 1, isHandled: never });
    expect(result.excluded).toBe(1);
    const counted =
      result.selected.length +
      result.belowMin +
      result.excluded +
      result.handledBefore +
      result.cutByCompanyLimit +
      result.cutByCap;
    expect(counted).toBe(input.length);
  });

  it('breaks ties by keywords, then the newer posting, then the id, whatever the input order', () => {
    const older = scoredAt(listing({ title: 'A', jobId: 'x1', postedAt: '2026-09-01T00:00:00Z' }), 80);
    const newer = scoredAt(listing({ title: 'B', jobId: 'x2', postedAt: '2026-10-01T00:00:00Z' }), 80);
    const richer = scoredAt(listing({ title: 'C', jobId: 'x3', postedAt: '2026-08-01T00:00:00Z' }), 80, {
      keywords: ['go'],
    });
    const sameDayLowId = scoredAt(listing({ title: 'D', jobId: 'x0', postedAt: '2026-09-01T00:00:00Z' }), 80);
    const expected = ['C', 'B', 'D', 'A'];
    for (const input of [
      [older, newer, richer, sameDayLowId],
      [sameDayLowId, richer, newer, older],
    ]) {
      expect(
        titles(selectJobs(input, { minScore: 0, topPerCompany: false, isHandled: never }).selected),
      ).toEqual(expected);
      expect(
        titles(selectJobs(input, { minScore: 0, topPerCompany: true, isHandled: never }).selected),
      ).toEqual(['C']);
    }
  });
});

describe('filter log and min_score after rescoring', () => {
  it('prints the original filter line', () => {
    expect(filterLine(7, 100)).toBe('Processing 7 jobs (out of 100 total)');
    expect(filterLine(1, 3)).toBe('Processing 1 job (out of 3 total)');
  });
});

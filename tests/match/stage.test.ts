import { describe, expect, it } from 'vitest';
import { benchScoring } from '../../bench/match.js';
import { generateJobs } from '../../sim/data.js';
import { createRng } from '../../sim/rng.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { createMatcher, dedupe, logSelection, scoreListing, selectJobs } from '../../src/match/index.js';
import type { JobListing } from '../../src/sources/types.js';
import { backendProfile, listing, matchConfig } from './fixtures/build.js';

/** Simulator jobs as a Greenhouse board lists them with content=true. */
function simulated(count: number, company: string, seed: number): JobListing[] {
  return generateJobs(createRng(seed), company, count, seed * 1000).map((job) =>
    listing({
      title: job.title,
      jobId: job.id,
      company,
      board: company.toLowerCase().replace(/\W+/g, ''),
      locations: job.locations,
      remote: job.remote,
      department: job.department,
      requisitionId: job.requisitionId,
      postedAt: job.postedAt,
      description: { format: 'html', content: job.descriptionHtml },
    }),
  );
}

describe('the match stage on simulated boards', () => {
  const matcher = createMatcher(
    backendProfile(),
    matchConfig({ locations: ['Berlin', 'Remote'], exclude: ['Intern'] }),
  );
  const boards = [simulated(60, 'Acme Labs', 1), simulated(40, 'Globex Cloud', 2)];

  it('scores, dedupes and selects per company, and logs the filter line', () => {
    const logger = new MemoryLogger();
    const scored = boards.map((board) => dedupe(board.map((l) => scoreListing(matcher, l))));
    const options = { minScore: 60, topPerCompany: 2, isHandled: () => false };
    const result = selectJobs(scored.flat(), options);
    logSelection(logger, result, 100);
    const { selected } = result;
    expect(logger.lines()[0]).toBe(`[filter] Processing ${selected.length} jobs (out of 100 total)`);
    // The streaming pipeline calls it per company; the union is the same selection.
    const perCompany = scored.flatMap((jobs) => selectJobs(jobs, options).selected);
    expect(perCompany.map((j) => j.listing.id).sort()).toEqual(selected.map((j) => j.listing.id).sort());
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.length).toBeLessThanOrEqual(4);
    for (const job of selected) {
      expect(job.score.total).toBeGreaterThanOrEqual(60);
      expect(job.score.matchedRole).not.toBeNull();
      expect(job.listing.title).not.toMatch(/Intern|Account|Recruiter|Designer/);
    }
  });

  it('every simulated intern posting is excluded, nothing else is', () => {
    const scored = boards.flat().map((l) => scoreListing(matcher, l));
    for (const job of scored)
      expect(job.score.excluded, job.listing.title).toBe(job.listing.title.includes('Intern'));
  });

  it('turns one job posted in five cities into one application', () => {
    const base = simulated(1, 'Initech Pay', 3)[0]!;
    const posts = [
      'Berlin, Germany',
      'London, United Kingdom',
      'Remote - Europe',
      'Dublin, Ireland',
      'Amsterdam, Netherlands',
    ].map((city, i) => ({
      ...base,
      id: `${base.id}-${i}`,
      jobId: `${base.jobId}-${i}`,
      url: `${base.url}-${i}`,
      locations: [city],
    }));
    const scored = dedupe(posts.map((l) => scoreListing(matcher, l)));
    const { selected } = selectJobs(scored, { minScore: 0, topPerCompany: false, isHandled: () => false });
    expect(selected).toHaveLength(1);
    expect(selected[0]?.listing.locations).toHaveLength(5);
    expect(selected[0]?.duplicates).toHaveLength(4);
  });
});

describe('benchScoring', () => {
  it('scores the number of listings asked for and reports its measurements', async () => {
    const result = await benchScoring(2_000);
    expect(result.listings).toBe(2_000);
    expect(result.ms).toBeGreaterThan(0);
    expect(result.perListingUs).toBeCloseTo((result.ms * 1000) / 2_000, 0);
    expect(result.peakRssMb).toBeGreaterThan(10);
  });
});

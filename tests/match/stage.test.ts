import { describe, expect, it } from 'vitest';
import { benchScoring } from '../../bench/match.js';
import { generateJobs } from '../../sim/data.js';
import { createRng } from '../../sim/rng.js';
import { createMatcher, dedupe, filterLine, scoreListing, selectJobs } from '../../src/match/index.js';
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
      workplace: job.remote ? 'remote' : 'onsite',
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
    const scored = boards.map((board) => dedupe(board.map((l) => scoreListing(matcher, l))));
    const options = { minScore: 60, topPerCompany: 2, isHandled: () => false };
    const result = selectJobs(scored.flat(), options);
    const { selected } = result;
    expect(filterLine(selected.length, 100)).toBe(`Processing ${selected.length} jobs (out of 100 total)`);
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

describe('skipping the keyword search below min_score', () => {
  const config = matchConfig({
    locations: ['Berlin', 'Remote'],
    exclude: ['Intern'],
    keywords: ['Terraform'],
  });
  const full = createMatcher(backendProfile(), config);
  const listings = [simulated(200, 'Acme Labs', 4), simulated(200, 'Globex Cloud', 5)].flat();

  for (const minScore of [30, 50, 70]) {
    it(`selects and counts as the full score does (min_score ${minScore})`, () => {
      const skipping = createMatcher(backendProfile(), config, { skipBelow: minScore });
      let skipped = 0;
      for (const l of listings) {
        const a = full.score(l);
        const b = skipping.score(l);
        expect(b.excluded, l.title).toBe(a.excluded);
        expect(b.total < minScore, `${l.title}: ${a.total} / ${b.total}`).toBe(a.total < minScore);
        if (b.reasons.some((r) => r.detail.startsWith('keywords not searched'))) {
          skipped++;
          expect(b.total).toBeLessThanOrEqual(a.total);
          // The reasons add up to the total before it is clamped at 0.
          expect(
            Math.max(
              0,
              b.reasons.reduce((sum, r) => sum + r.points, 0),
            ),
          ).toBeCloseTo(b.total, 0);
        } else expect(b).toEqual(a);
      }
      // Most simulated titles are other specialties: without skips this test would prove nothing.
      expect(skipped).toBeGreaterThan(minScore >= 50 ? listings.length / 4 : 0);
      const pick = (m: typeof full) =>
        selectJobs(dedupe(listings.map((l) => scoreListing(m, l))), {
          minScore,
          topPerCompany: 3,
          isHandled: () => false,
        });
      const [a, b] = [pick(full), pick(skipping)];
      expect(b.selected.map((j) => j.listing.id)).toEqual(a.selected.map((j) => j.listing.id));
      expect({ ...b, selected: [] }).toEqual({ ...a, selected: [] });
    });
  }
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

import { describe, expect, it } from 'vitest';
import { createMatcher, dedupe, scoreListing } from '../../src/match/index.js';
import type { JobListing } from '../../src/sources/types.js';
import { backendProfile, listing, matchConfig } from './fixtures/build.js';

const matcher = createMatcher(backendProfile(), matchConfig({ locations: ['Berlin'] }));
const score = (listings: JobListing[]) => listings.map((l) => scoreListing(matcher, l));

const CITIES = ['New York, NY', 'Berlin, Germany', 'London, United Kingdom', 'Toronto, Canada', 'Austin, TX'];
const html = (team: string, city?: string) => ({
  format: 'html' as const,
  content: `<h2>About the role</h2><p>Join the ${team} team${city ? ` in ${city}` : ''}. You will build payment APIs in TypeScript and PostgreSQL.</p>`,
});

describe('dedupe', () => {
  it('merges one requisition posted in five cities into one job with five locations', () => {
    const posts = CITIES.map((city) =>
      listing({
        title: 'Senior Backend Engineer',
        locations: [city],
        requisitionId: 'R-01106',
        description: html('Payments'),
      }),
    );
    const merged = dedupe(score(posts));
    expect(merged).toHaveLength(1);
    const [job] = merged;
    expect(job?.listing.locations).toHaveLength(5);
    expect([...(job?.listing.locations ?? [])].sort()).toEqual([...CITIES].sort());
    // The Berlin post scores best (preferred location), so it represents the group.
    expect(job?.listing.id).toBe(posts[1]?.id);
    expect(job?.duplicates.map((d) => d.id).sort()).toEqual(
      posts
        .filter((_, i) => i !== 1)
        .map((p) => p.id)
        .sort(),
    );
  });

  it('merges copies without a requisition id when the description matches apart from the city', () => {
    const posts = ['Berlin, Germany', 'Munich, Germany', 'Hamburg, Germany'].map((city) =>
      listing({
        title: 'Backend Engineer',
        locations: [city],
        description: html('Payments', city.split(',')[0]),
      }),
    );
    const merged = dedupe(score(posts));
    expect(merged).toHaveLength(1);
    expect(merged[0]?.listing.locations).toEqual(['Berlin, Germany', 'Munich, Germany', 'Hamburg, Germany']);
  });

  it('merges a repost (new id, same description) and a posting listed under two URLs', () => {
    const original = listing({
      title: 'Backend Engineer',
      description: html('Payments'),
      postedAt: '2026-09-01T00:00:00Z',
    });
    const repost = {
      ...original,
      id: 'greenhouse:acmelabs:9000001',
      jobId: '9000001',
      url: 'https://acme.example/jobs/9000001',
      postedAt: '2026-10-15T00:00:00Z',
    };
    const twice = {
      ...original,
      id: 'html:acme-careers:backend-engineer',
      kind: 'html' as const,
      description: null,
    };
    const merged = dedupe(score([original, repost, twice]));
    expect(merged).toHaveLength(1);
    expect(merged[0]?.duplicates).toHaveLength(2);
    expect(merged[0]?.listing.locations).toEqual(['Berlin, Germany']);
  });

  it('keeps two requisitions with the same title apart', () => {
    const a = listing({ title: 'Backend Engineer', requisitionId: 'R-2001', locations: ['Berlin, Germany'] });
    const b = listing({
      title: 'Backend Engineer',
      requisitionId: 'R-2002',
      locations: ['London, United Kingdom'],
    });
    expect(dedupe(score([a, b]))).toHaveLength(2);
  });

  it('keeps same-title jobs with different descriptions or teams apart', () => {
    const payments = listing({ title: 'Backend Engineer', description: html('Payments') });
    const search = listing({ title: 'Backend Engineer', description: html('Search') });
    expect(dedupe(score([payments, search]))).toHaveLength(2);
    const core = listing({ title: 'Backend Engineer', department: 'Core Platform' });
    const growth = listing({
      title: 'Backend Engineer',
      department: 'Growth',
      locations: ['London, United Kingdom'],
    });
    expect(dedupe(score([core, growth]))).toHaveLength(2);
  });

  it('keeps same-title, same-place listings apart when nothing shows they are one job', () => {
    const a = listing({ title: 'Backend Engineer' });
    const b = listing({ title: 'Backend Engineer' });
    expect(dedupe(score([a, b]))).toHaveLength(2);
  });

  it('never lets a chain join two requisitions', () => {
    const r1 = listing({ title: 'Backend Engineer', requisitionId: 'R-1', locations: ['Berlin, Germany'] });
    const open = listing({ title: 'Backend Engineer', locations: ['Paris, France'] });
    const r2 = listing({
      title: 'Backend Engineer',
      requisitionId: 'R-2',
      locations: ['London, United Kingdom'],
    });
    const merged = dedupe(score([r1, open, r2]));
    expect(merged).toHaveLength(2);
    for (const job of merged) {
      const reqs = [job.listing, ...job.duplicates].map((l) => l.requisitionId).filter(Boolean);
      expect(new Set(reqs).size).toBeLessThanOrEqual(1);
    }
  });

  it('ignores city names in titles and junk requisition ids', () => {
    const berlin = listing({
      title: 'Backend Engineer - Berlin',
      locations: ['Berlin, Germany'],
      requisitionId: 'See Opening ID',
    });
    const london = listing({
      title: 'Backend Engineer - London',
      locations: ['London, United Kingdom'],
      requisitionId: 'See Opening ID',
    });
    expect(dedupe(score([berlin, london]))).toHaveLength(1);
  });

  it('keeps different titles, seniorities and companies apart', () => {
    const jobs = [
      listing({ title: 'Backend Engineer', requisitionId: 'R-1' }),
      listing({ title: 'Senior Backend Engineer', requisitionId: 'R-1' }),
      listing({ title: 'Backend Engineer', requisitionId: 'R-1', company: 'Globex Cloud' }),
    ];
    expect(dedupe(score(jobs))).toHaveLength(3);
  });

  it('does not change its input', () => {
    const posts = CITIES.slice(0, 2).map((city) =>
      listing({ title: 'Backend Engineer', locations: [city], requisitionId: 'R-9' }),
    );
    const scored = score(posts);
    const snapshot = structuredClone(scored);
    dedupe(scored);
    expect(scored).toEqual(snapshot);
  });
  it('tells long descriptions apart by their last word, in small and big title groups', () => {
    // Two jobs whose 120-word descriptions (each naming its city early) differ only in the last
    // word, each posted in n cities: n copies of each merge, the two jobs never do.
    const words = Array.from({ length: 120 }, (_, i) => `duty${i}`);
    const text = (city: string, team: string) => ({
      format: 'html' as const,
      content: `<p>${words.slice(0, 10).join(' ')} in ${city}</p><p>${words.slice(10).join(' ')} ${team}</p>`,
    });
    const cities = [
      'Berlin',
      'Munich',
      'Hamburg',
      'Cologne',
      'Dresden',
      'Leipzig',
      'Bremen',
      'Essen',
      'Bonn',
      'Kiel',
    ];
    for (const n of [3, 10]) {
      const posts = ['payments', 'billing'].flatMap((team) =>
        cities.slice(0, n).map((city) =>
          listing({
            title: 'Backend Engineer',
            locations: [`${city}, Germany`],
            description: text(city, team),
          }),
        ),
      );
      const merged = dedupe(score(posts));
      expect(merged, `${2 * n} listings`).toHaveLength(2);
      for (const job of merged) {
        expect(job.listing.locations).toHaveLength(n);
        const team = job.listing.description?.content.includes('payments') ? 'payments' : 'billing';
        for (const copy of job.duplicates) expect(copy.description?.content).toContain(team);
      }
    }
  });
});

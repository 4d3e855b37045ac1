import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBoard } from '../../sim/types.js';
import { CompanyConfig } from '../../src/config/schema.js';
import { CancelledError, SourceError } from '../../src/errors.js';
import { FixedClock } from '../../src/infra/clock.js';
import { scrapeAll, scrapeCompany } from '../../src/sources/scrape.js';
import type { CompanyScrape } from '../../src/sources/types.js';
import { oneBoard, type SourceHarness, simSources, sourceHarness } from './harness.js';

let h: SourceHarness;
let gh: SimBoard;
let lever: SimBoard;
let wd: SimBoard;
let sr: SimBoard;
let ashby: SimBoard;
const clock = new FixedClock(new Date('2026-11-20T09:00:00Z'));

beforeAll(async () => {
  gh = oneBoard('greenhouse', 'acme', 'Acme Labs', 5);
  lever = oneBoard('lever', 'globex', 'Globex Cloud', 4);
  wd = oneBoard('workday', 'initech/External', 'Initech', 25);
  sr = oneBoard('smartrecruiters', 'Umbrella', 'Umbrella Health', 3);
  ashby = oneBoard('ashby', 'hooli', 'Hooli', 2);
  h = await sourceHarness([gh, lever, wd, sr, ashby], { clock, http: { timeout_ms: 5_000, retries: 1 } });
});
afterAll(() => h.close());

const lines = () => h.t.logger.lines();

describe('scrapeCompany', () => {
  it('scrapes a detected board and logs the count, kind and duration', async () => {
    const before = lines().length;
    const result = await scrapeCompany(h.company(gh), h.sources, h.t.deps);
    expect(result).toMatchObject({
      company: 'Acme Labs',
      kind: 'greenhouse',
      skipped: 0,
      unchanged: false,
      error: null,
    });
    expect(result.listings.map((l) => l.title)).toEqual(gh.jobs.map((j) => j.title));
    expect(result.durationMs).toBe(0);
    expect(lines().slice(before)).toEqual(['[scrape] Acme Labs: 5 jobs (greenhouse, 0.0s)']);
  });

  it('reports an unchanged board with its validators', async () => {
    const first = await scrapeCompany(h.company(lever), h.sources, h.t.deps);
    const before = lines().length;
    const again = await scrapeCompany(h.company(lever), h.sources, h.t.deps, first.validators);
    expect(again).toMatchObject({ unchanged: true, listings: [], error: null });
    expect(again.validators?.contentHash).toBe(first.validators?.contentHash);
    expect(lines().slice(before)).toEqual(['[scrape] Globex Cloud: unchanged (lever)']);
  });

  it('keeps the first max_jobs listings with a warning', async () => {
    const sources = simSources(h.sim.origin, { max_jobs: 3 });
    const result = await scrapeCompany(h.company(gh), sources, h.t.deps);
    expect(result.listings.map((l) => l.jobId)).toEqual(gh.jobs.slice(0, 3).map((j) => j.id));
    expect(result.warnings).toEqual(['kept the first 3 of 5 jobs (max_jobs)']);
    expect(h.t.logger.records.some((r) => r.level === 'warn' && r.message.includes('max_jobs'))).toBe(true);
  });

  it('returns a failed board as an error, logged, without throwing', async () => {
    h.sim.setFaults('workday', 'initech/External', { always: '500' });
    try {
      const result = await scrapeCompany(h.company(wd), h.sources, h.t.deps);
      expect(result.error).toBeInstanceOf(SourceError);
      expect(result).toMatchObject({ company: 'Initech', kind: 'workday', listings: [], unchanged: false });
      const logged = h.t.logger.records.at(-1);
      expect(logged?.level).toBe('error');
      expect(logged?.message).toBe(result.error?.message);
      expect(logged?.message).toMatch(
        /^Initech: http:\/\/127\.0\.0\.1:\d+\/wday\/cxs\/initech\/External\/jobs: board request failed: HTTP 500/,
      );
    } finally {
      h.sim.setFaults('workday', 'initech/External', undefined);
    }
  });

  it('reports a company whose URL names no board under its configured kind', async () => {
    const company = CompanyConfig.parse({
      name: 'Nowhere',
      url: 'https://careers.example.com',
      kind: 'lever',
    });
    const result = await scrapeCompany(company, h.sources, h.t.deps);
    expect(result.kind).toBe('lever');
    expect(result.error?.message).toContain('cannot find the board in this URL');
  });

  it('throws when the run is cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(
      scrapeCompany(h.company(gh), h.sources, { ...h.t.deps, signal: abort.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('scrapeAll', () => {
  const all = () => [gh, lever, wd, sr, ashby].map((b) => h.company(b));

  it('yields every company as it finishes, at most `concurrency` at a time', async () => {
    h.sim.setLatency('greenhouse', 'acme', { fixedMs: 150 });
    const start = h.sim.requests.length;
    const updates = h.t.logger.updates.length;
    const results: CompanyScrape[] = [];
    try {
      for await (const result of scrapeAll(all(), { ...h.sources, concurrency: 2 }, h.t.deps))
        results.push(result);
    } finally {
      h.sim.setLatency('greenhouse', 'acme', undefined);
    }
    expect(results.map((r) => r.company).sort()).toEqual([
      'Acme Labs',
      'Globex Cloud',
      'Hooli',
      'Initech',
      'Umbrella Health',
    ]);
    expect(results.every((r) => r.error === null)).toBe(true);
    // The slow board started first but is not the first result: results stream as they finish.
    expect(results[0]?.company).not.toBe('Acme Labs');
    const window = new Set(h.sim.requests.slice(start));
    expect(h.sim.maxConcurrent((r) => window.has(r))).toBe(2);
    expect(h.t.logger.updates.slice(updates).map((u) => [u.done, u.total])).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it("goes on past a failed company, and uses each company's previous validators", async () => {
    h.sim.setFaults('smartrecruiters', 'Umbrella', { always: '500' });
    try {
      const first = await scrapeCompany(h.company(gh), h.sources, h.t.deps);
      const results: CompanyScrape[] = [];
      for await (const result of scrapeAll(all(), h.sources, h.t.deps, { 'Acme Labs': first.validators })) {
        results.push(result);
      }
      const byName = new Map(results.map((r) => [r.company, r]));
      expect(byName.get('Umbrella Health')?.error).toBeInstanceOf(SourceError);
      expect(byName.get('Acme Labs')?.unchanged).toBe(true);
      expect(byName.get('Initech')?.listings).toHaveLength(25);
      expect(h.t.logger.updates.at(-1)).toEqual({ stage: 'scrape', done: 5, total: 5, failed: 1 });
    } finally {
      h.sim.setFaults('smartrecruiters', 'Umbrella', undefined);
    }
  });

  it('stops starting companies when the consumer stops reading', async () => {
    const start = h.sim.requests.length;
    for await (const result of scrapeAll(all(), { ...h.sources, concurrency: 1 }, h.t.deps)) {
      expect(result.company).toBe('Acme Labs');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const boards = new Set(h.sim.requests.slice(start).map((r) => r.slug));
    expect(boards.size).toBeLessThanOrEqual(2);
  });

  it('keeps at most `concurrency` finished boards waiting for a consumer that is held up', async () => {
    const start = h.sim.requests.length;
    const boardsAsked = () => new Set(h.sim.requests.slice(start).map((r) => r.slug)).size;
    const results: string[] = [];
    let askedWhileHeld = 0;
    for await (const result of scrapeAll(all(), { ...h.sources, concurrency: 1 }, h.t.deps)) {
      results.push(result.company);
      if (results.length === 1) {
        // Held up: one board is waiting to be taken, and no further one is started meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 400));
        askedWhileHeld = boardsAsked();
      }
    }
    expect(askedWhileHeld).toBe(2);
    expect(results.sort()).toEqual(['Acme Labs', 'Globex Cloud', 'Hooli', 'Initech', 'Umbrella Health']);
  });

  it('throws CancelledError when the run is cancelled mid-way', async () => {
    const abort = new AbortController();
    h.sim.setLatency('lever', 'globex', { fixedMs: 300 });
    try {
      const deps = { ...h.t.deps, signal: abort.signal };
      const iterate = async () => {
        for await (const result of scrapeAll(all(), { ...h.sources, concurrency: 5 }, deps)) {
          if (result.company !== 'Globex Cloud') abort.abort();
        }
      };
      await expect(iterate()).rejects.toBeInstanceOf(CancelledError);
    } finally {
      h.sim.setLatency('lever', 'globex', undefined);
    }
  });
});

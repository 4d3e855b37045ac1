import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import { CancelledError } from '../../src/errors.js';
import { fetchDescriptions } from '../../src/fetch/index.js';
import { TextLogger } from '../../src/infra/logger.js';
import { createChannel } from '../../src/pipeline/channel.js';
import { fetchHarness, isPosting, selectedJobs } from './harness.js';

let sim: Simulator;
let seven: SimBoard;
let ten: SimBoard;
let mixedGood: SimBoard;
let mixedDown: SimBoard;
let throttled: SimBoard;

beforeAll(async () => {
  [seven, ten, mixedGood, mixedDown, throttled] = generateBoards([
    { kind: 'html', slug: 'seven', companyName: 'Uber', jobs: 7 },
    { kind: 'html', slug: 'ten', companyName: 'Globex Cloud', jobs: 10 },
    { kind: 'jsonld', slug: 'mixed-good', companyName: 'Initech Pay', jobs: 6 },
    { kind: 'html', slug: 'mixed-down', companyName: 'Hooli AI', jobs: 1 },
    { kind: 'jsonld', slug: 'throttled', companyName: 'Stark Energy', jobs: 1 },
  ]) as [SimBoard, SimBoard, SimBoard, SimBoard, SimBoard];
  seven.latency = { fixedMs: 200 };
  ten.latency = { fixedMs: 100 };
  mixedGood.latency = { fixedMs: 50 };
  mixedDown.faults = { always: '500' };
  throttled.faults = { firstN: 1, kinds: ['429'], retryAfterSeconds: 1 };
  sim = await startSimulator({ boards: [seven, ten, mixedGood, mixedDown, throttled] });
});

afterAll(async () => {
  await sim.close();
});

describe('fetchDescriptions', () => {
  it('fetches 7 jobs with 7 workers all at once and logs as the original tool did', async () => {
    const h = await fetchHarness({ workers: 7 });
    try {
      const jobs = selectedJobs(sim, [seven]);
      const fetched = await fetchDescriptions(jobs, h.ctx);

      expect(sim.maxConcurrent((r) => isPosting(r) && r.slug === 'seven')).toBe(7);
      expect(fetched.map((f) => f.listing.id)).toEqual(jobs.map((j) => j.listing.id));
      // As the CLI's text sink prints them.
      const out: string[] = [];
      const text = new TextLogger({ write: (line: string) => out.push(line) });
      for (const r of h.logger.records) text.log(r.level, r.scope, r.message, r.fields);
      for (const job of fetched) {
        expect(job.fetchError).toBeNull();
        expect(job.detail?.source).toBe('page');
        expect(job.detail?.markdown).toContain('## What we are looking for');
      }
      expect(out[0]).toBe('[parallel] Pre-fetching job descriptions with 7 workers...\n');
      expect(out.at(-1)).toBe('[parallel] Job description fetching complete!\n');
      const perJob = out.slice(1, -1);
      expect(perJob).toHaveLength(7);
      const lengths = fetched.map(
        (f) => `  [parallel-fetch] Uber / ${f.listing.title}: ${f.detail?.markdown.length} chars\n`,
      );
      expect([...perJob].sort()).toEqual([...lengths].sort());
    } finally {
      await h.close();
    }
  });

  it('never has more requests in flight than workers', async () => {
    const h = await fetchHarness({ workers: 3 });
    try {
      const fetched = await fetchDescriptions(selectedJobs(sim, [ten]), h.ctx);
      expect(fetched.every((f) => f.detail !== null)).toBe(true);
      expect(sim.maxConcurrent((r) => isPosting(r) && r.slug === 'ten')).toBe(3);
      expect(h.logger.lines()[0]).toBe('[parallel] Pre-fetching job descriptions with 3 workers...');
      expect(h.logger.lines().at(-1)).toBe('[parallel] Job description fetching complete!');
    } finally {
      await h.close();
    }
  });

  it('starts no more workers than there are jobs', async () => {
    const h = await fetchHarness({ workers: 32 });
    try {
      await fetchDescriptions(selectedJobs(sim, [ten]).slice(0, 1), h.ctx);
      expect(h.logger.lines()[0]).toBe('[parallel] Pre-fetching job descriptions with 1 worker...');
    } finally {
      await h.close();
    }
  });

  it('records a permanently failing page on its job and fetches the others', async () => {
    const h = await fetchHarness({ workers: 7, http: { retries: 1 } });
    try {
      const jobs = [...selectedJobs(sim, [mixedGood]), ...selectedJobs(sim, [mixedDown])];
      const fetched = await fetchDescriptions(jobs, h.ctx);

      const down = fetched.find((f) => f.listing.board === 'mixed-down');
      const url = down?.listing.url ?? '';
      expect(down?.detail).toBeNull();
      expect(down?.fetchError).toBe(`${url}: HTTP 500 Internal Server Error`);
      // The first try and the one configured retry reached the server, then it was given up.
      expect(sim.requests.filter((r) => r.slug === 'mixed-down')).toHaveLength(2);

      const good = fetched.filter((f) => f.listing.board === 'mixed-good');
      expect(good).toHaveLength(6);
      for (const job of good) {
        expect(job.fetchError).toBeNull();
        expect(job.detail?.source).toBe('jsonld');
      }
      expect(h.logger.records.filter((r) => r.level === 'warn').map((r) => r.message)).toEqual([
        `Hooli AI / ${down?.listing.title}: ${url}: HTTP 500 Internal Server Error`,
      ]);
    } finally {
      await h.close();
    }
  });

  it('waits out a 429 with Retry-After and then reads the page', async () => {
    const h = await fetchHarness({ workers: 2 });
    try {
      const [job] = await fetchDescriptions(selectedJobs(sim, [throttled]), h.ctx);
      expect(job?.fetchError).toBeNull();
      expect(job?.detail?.source).toBe('jsonld');
      const seen = sim.requests.filter((r) => r.slug === 'throttled').map((r) => r.status);
      expect(seen).toEqual([429, 200]);
    } finally {
      await h.close();
    }
  });

  it('rejects with CancelledError once the run is cancelled, starting no request', async () => {
    const h = await fetchHarness({ workers: 4 });
    try {
      const before = sim.requests.length;
      h.abort.abort();
      await expect(fetchDescriptions(selectedJobs(sim, [ten]), h.ctx)).rejects.toBeInstanceOf(CancelledError);
      expect(sim.requests.length).toBe(before);
    } finally {
      await h.close();
    }
  });

  it('cancels jobs in flight instead of recording them as failed', async () => {
    const h = await fetchHarness({ workers: 2 });
    try {
      const running = fetchDescriptions(selectedJobs(sim, [seven]), h.ctx);
      setTimeout(() => h.abort.abort(), 50);
      await expect(running).rejects.toBeInstanceOf(CancelledError);
    } finally {
      await h.close();
    }
  });

  it('returns nothing and logs nothing for no jobs', async () => {
    const h = await fetchHarness();
    try {
      expect(await fetchDescriptions([], h.ctx)).toEqual([]);
      expect(h.logger.records).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('fetchDescriptions over jobs as they are selected', () => {
  it('starts on the first job before the last is known, and reports each as it is in', async () => {
    const h = await fetchHarness({ workers: 4 });
    try {
      const jobs = selectedJobs(sim, [ten]);
      const queue = createChannel<(typeof jobs)[number]>();
      const seen: string[] = [];
      const running = fetchDescriptions(queue, h.ctx, { onFetched: (r) => seen.push(r.listing.id) });
      queue.push(jobs[0]!);
      // The first description is fetched while the rest are not selected yet.
      while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const job of jobs.slice(1)) queue.push(job);
      queue.close();
      const fetched = await running;
      expect(fetched.map((f) => f.listing.id)).toEqual(jobs.map((j) => j.listing.id));
      expect([...seen].sort()).toEqual(jobs.map((j) => j.listing.id).sort());
      expect(h.logger.lines()[0]).toBe('[parallel] Pre-fetching job descriptions with 4 workers...');
    } finally {
      await h.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  type BoundCompany,
  type BoundInput,
  type BoundLimits,
  configOrderScrapeMs,
  fetchDoneBounds,
  listReadyBounds,
  lowerBound,
  sequentialMs,
  slotBound,
  slowestFirstScrapeMs,
} from '../../bench/bound.js';

const limits = (over: Partial<BoundLimits> = {}): BoundLimits => ({
  scrapeConcurrency: 8,
  fetchWorkers: 5,
  llmConcurrency: 2,
  llmRequestsPerWindow: 1000,
  rateWindowMs: 60_000,
  ...over,
});

const company = (name: string, scrapeMs: number, jobs = 1, researchMs = 0): BoundCompany => ({
  name,
  scrapeMs,
  researchMs,
  jobs,
});

describe('slotBound', () => {
  it('is the rounds on c slots after the earliest release, or a late release plus what follows it', () => {
    expect(slotBound([0, 0, 0], 2, 1000)).toBe(2000);
    expect(slotBound([0, 5000], 1, 1000)).toBe(6000);
    expect(slotBound([5000, 0, 0, 0], 1, 1000)).toBe(6000);
    expect(slotBound([0, 0, 0, 0], 1, 1000)).toBe(4000);
    expect(slotBound([], 3, 1000)).toBe(0);
  });
});

describe('listReadyBounds', () => {
  it('counts scrape slots: four 1 s boards on two slots are in at 1, 1, 1.5 and 2 s at best', () => {
    const four = ['a', 'b', 'c', 'd'].map((n) => company(n, 1000));
    expect(listReadyBounds(four, 2)).toEqual([1000, 1000, 1500, 2000]);
    expect(listReadyBounds(four, 8)).toEqual([1000, 1000, 1000, 1000]);
  });

  it('weighs companies with several jobs by scrape time per job', () => {
    const mixed = [company('a', 100, 3), company('b', 50, 1)];
    expect(listReadyBounds(mixed, 1)).toEqual([50, 100, 100, 150]);
  });

  it('ignores companies none of whose jobs are generated', () => {
    expect(listReadyBounds([company('a', 9000, 0), company('b', 200)], 1)).toEqual([200]);
  });
});

describe('fetchDoneBounds', () => {
  it('queues fetches on the workers after the lists are in', () => {
    expect(fetchDoneBounds([0, 0, 0], 2, 300)).toEqual([300, 300, 600]);
    expect(fetchDoneBounds([100, 1000], 5, 300)).toEqual([400, 1300]);
  });
});

describe('lowerBound', () => {
  it('the original scenario: 7 jobs released together wait for ceil(7/2) LLM rounds', () => {
    const companies = Array.from({ length: 7 }, (_, i) => company(`c${i}`, 250));
    const bound = lowerBound({ companies, fetchMs: 300, llmMs: 1000, limits: limits() });
    // Seven fetches on five workers: two releases come 300 ms later, but there is slack for them.
    expect(bound.ms).toBe(250 + 300 + 4 * 1000);
    expect(bound.binding).toBe('llm');
    expect(bound.jobs).toBe(7);
  });

  it('a slow board releases its job late, and the bound waits for it', () => {
    const companies = [company('fast', 100), company('slow', 9000)];
    const bound = lowerBound({ companies, fetchMs: 300, llmMs: 1000, limits: limits() });
    expect(bound.ms).toBe(9000 + 300 + 1000);
  });

  it('company research that takes longer than the list and fetch delays that company', () => {
    const bound = lowerBound({
      companies: [company('a', 100, 1, 2000)],
      fetchMs: 300,
      llmMs: 1000,
      limits: limits(),
    });
    expect(bound.ms).toBe(3000);
  });

  it('a dry run is bound by reading every board on the scrape slots', () => {
    const companies = Array.from({ length: 10 }, (_, i) => company(`c${i}`, 100 * (i + 1), 0));
    const bound = lowerBound({
      companies,
      fetchMs: 300,
      llmMs: 1000,
      limits: limits({ scrapeConcurrency: 2 }),
    });
    expect(bound.ms).toBe(5500 / 2);
    expect(bound.binding).toBe('scrape');
    expect(bound.jobs).toBe(0);
  });

  it('the rate window binds when it allows fewer requests than the jobs need', () => {
    const companies = Array.from({ length: 5 }, (_, i) => company(`c${i}`, 100));
    const bound = lowerBound({
      companies,
      fetchMs: 300,
      llmMs: 1000,
      limits: limits({ llmRequestsPerWindow: 2, llmConcurrency: 8 }),
    });
    expect(bound.rateMs).toBe(2 * 60_000 + 1000);
    expect(bound.ms).toBe(bound.rateMs);
    expect(bound.binding).toBe('rate');
  });

  it('few fetch workers make the fetch stage bind', () => {
    const companies = Array.from({ length: 10 }, (_, i) => company(`c${i}`, 0));
    const bound = lowerBound({
      companies,
      fetchMs: 1000,
      llmMs: 10,
      limits: limits({ fetchWorkers: 1, llmConcurrency: 10 }),
    });
    expect(bound.ms).toBe(10 * 1000 + 10);
    expect(bound.binding).toBe('fetch');
  });

  it('never exceeds the makespan of a feasible schedule, over many random workloads', () => {
    const rng = lcg(20_261_101);
    for (let trial = 0; trial < 400; trial++) {
      const input = randomInput(rng);
      const bound = lowerBound(input);
      const orders = [identity(input.companies.length), shuffled(identity(input.companies.length), rng)];
      const byScrape = identity(input.companies.length).sort(
        (a, b) => (input.companies[a]?.scrapeMs ?? 0) - (input.companies[b]?.scrapeMs ?? 0),
      );
      for (const order of [...orders, byScrape]) {
        expect(bound.ms).toBeLessThanOrEqual(simulate(input, order) + 1e-6);
      }
    }
  });

  it('is reached by a list schedule when nothing contends', () => {
    const input: BoundInput = {
      companies: [company('a', 400), company('b', 700), company('c', 1000)],
      fetchMs: 300,
      llmMs: 1000,
      limits: limits({ llmConcurrency: 3 }),
    };
    expect(lowerBound(input).ms).toBe(simulate(input, [0, 1, 2]));
    expect(lowerBound(input).ms).toBe(2300);
  });
});

describe('scrape schedules at zero CPU', () => {
  it('a slow board started last ends after the others; started first it overlaps them', () => {
    const input: BoundInput = {
      companies: [company('a', 100), company('b', 100), company('c', 100), company('d', 300)],
      fetchMs: 0,
      llmMs: 0,
      limits: limits({ scrapeConcurrency: 2 }),
    };
    expect(configOrderScrapeMs(input)).toBe(400);
    expect(slowestFirstScrapeMs(input)).toBe(300);
    expect(lowerBound(input).ms).toBeLessThanOrEqual(300);
  });
});

describe('sequentialMs', () => {
  it('adds every list, research, fetch and generation', () => {
    const input: BoundInput = {
      companies: [company('a', 200, 2, 50), company('b', 300, 0, 70)],
      fetchMs: 300,
      llmMs: 1000,
      limits: limits(),
    };
    expect(sequentialMs(input)).toBe(200 + 50 + 2 * 1300 + 300);
  });
});

/**
 * A feasible schedule, built greedily: companies scraped in `order` on C_s slots; each job
 * fetched first come first served on W workers; generated first ready first served on c slots,
 * no more than R starts in any window; research starts at 0. Its makespan is an upper bound on
 * the optimum, so the lower bound must never exceed it.
 */
function simulate(input: BoundInput, order: number[]): number {
  const { limits: l, fetchMs, llmMs } = input;
  const scrapeFree = Array.from({ length: l.scrapeConcurrency }, () => 0);
  const listed: Array<{ at: number; research: number }> = [];
  let end = 0;
  for (const i of order) {
    const c = input.companies[i];
    if (!c) continue;
    const slot = argMin(scrapeFree);
    const done = (scrapeFree[slot] ?? 0) + c.scrapeMs;
    scrapeFree[slot] = done;
    end = Math.max(end, done);
    for (let j = 0; j < c.jobs; j++) listed.push({ at: done, research: c.researchMs });
  }
  listed.sort((a, b) => a.at - b.at);
  const workers = Array.from({ length: l.fetchWorkers }, () => 0);
  const ready = listed
    .map((job) => {
      const w = argMin(workers);
      const done = Math.max(job.at, workers[w] ?? 0) + fetchMs;
      workers[w] = done;
      return Math.max(done, job.research);
    })
    .sort((a, b) => a - b);
  const slots = Array.from({ length: l.llmConcurrency }, () => 0);
  const starts: number[] = [];
  for (const at of ready) {
    const s = argMin(slots);
    const windowOpen =
      starts.length >= l.llmRequestsPerWindow
        ? (starts[starts.length - l.llmRequestsPerWindow] ?? 0) + l.rateWindowMs
        : 0;
    const start = Math.max(at, slots[s] ?? 0, windowOpen);
    starts.push(start);
    slots[s] = start + llmMs;
    end = Math.max(end, start + llmMs);
  }
  return end;
}

function argMin(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) < (values[best] ?? 0)) best = i;
  return best;
}

const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffled(values: number[], rng: () => number): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

function randomInput(rng: () => number): BoundInput {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const companies = Array.from({ length: int(1, 12) }, (_, i) =>
    company(`c${i}`, int(0, 3000), int(0, 3), rng() < 0.3 ? int(0, 4000) : 0),
  );
  return {
    companies,
    fetchMs: int(0, 800),
    llmMs: int(1, 2000),
    limits: limits({
      scrapeConcurrency: int(1, 5),
      fetchWorkers: int(1, 5),
      llmConcurrency: int(1, 4),
      llmRequestsPerWindow: int(1, 6),
      rateWindowMs: int(500, 5000),
    }),
  };
}

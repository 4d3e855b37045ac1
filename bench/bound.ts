/**
 * The lower bound on a workload's wall time: what any design could do under the same latencies
 * and concurrency limits, assuming zero CPU. Pure; the benchmark prints it beside the measured
 * time. Every step keeps the bound valid (never above what an optimal schedule can reach), so a
 * ratio of measured to bound near 1 means there is little left to win.
 *
 * Model: company i is scraped in S_i ms (its list requests in sequence, on one of C_s scrape
 * slots); each of its n_i generated jobs then has its description fetched (F ms, on one of W
 * workers) and is generated (G ms, on one of c LLM slots, at most R requests started per window).
 * Company research (A_i ms from the start) must be done before the company's first generation.
 */

export interface BoundCompany {
  name: string;
  /** The company's list requests one after another: its scrape time. */
  scrapeMs: number;
  /** Requests company research makes before generation (0 when none); may start at t = 0. */
  researchMs: number;
  /** Jobs of this company that are fetched and generated. */
  jobs: number;
}

export interface BoundLimits {
  /** sources.concurrency: companies scraped at once. */
  scrapeConcurrency: number;
  /** parallel_workers: descriptions fetched at once. */
  fetchWorkers: number;
  /** llm.concurrency. */
  llmConcurrency: number;
  /** llm.requests_per_minute. */
  llmRequestsPerWindow: number;
  /** The rate window; one minute. */
  rateWindowMs: number;
}

export interface BoundInput {
  companies: BoundCompany[];
  /** One description fetch. */
  fetchMs: number;
  /** One generation (one LLM request). */
  llmMs: number;
  limits: BoundLimits;
}

export interface LowerBound {
  /** The bound: the largest of the terms. */
  ms: number;
  /** Every company scraped: max(max S_i, sum S_i / C_s). */
  scrapeAllMs: number;
  /** The last description fetched, then generated: f(N) + G. */
  fetchMs: number;
  /** The N-th request allowed by the rate window, then answered. */
  rateMs: number;
  /** max_k r(k) + ceil((N-k+1)/c) * G: the LLM slots after each job's earliest release. */
  llmMs: number;
  /** The generated jobs N. */
  jobs: number;
  /** Which term sets the bound. */
  binding: 'scrape' | 'fetch' | 'rate' | 'llm' | 'none';
}

export const BOUND_FORMULA = [
  'T* = max( scrape-all, max_k [ r(k) + ceil((N-k+1)/c)*G ] )          k = 1..N generated jobs',
  '  scrape-all = max( max_i S_i, sum_i S_i / C_s )                    every board must be read',
  '  r(k) = max( k-th smallest of max(S_i + F, A_i),                   a job can start generation only',
  '              f(k),                                                 after its list, its fetch and its',
  '              floor((k-1)/R) * 60 s )                               company research, within the rate',
  '  f(k) = max_{j<=k} [ q(j) + ceil((k-j+1)/W)*F ]                     k-th fetch done, on W workers',
  '  q(j) = max( j-th smallest S_i, (least total S_i covering j jobs) / C_s )   j-th list done, on C_s slots',
];

/** max_k ( releases(k) + ceil((n-k+1)/slots) * durationMs ), releases sorted ascending; 0 for none. */
export function slotBound(releasesMs: readonly number[], slots: number, durationMs: number): number {
  const sorted = [...releasesMs].sort((a, b) => a - b);
  const n = sorted.length;
  let best = 0;
  for (let k = 1; k <= n; k++) {
    best = Math.max(best, (sorted[k - 1] ?? 0) + Math.ceil((n - k + 1) / slots) * durationMs);
  }
  return best;
}

/**
 * Lower bounds on the sorted times at which the 1st..N-th job's list is in (q above): company i's
 * scrape of S_i ms carries n_i jobs; C_s companies are scraped at once. The k-th job cannot be in
 * before the k-th smallest S (per job), nor before the least scrape work that covers k jobs could
 * finish on C_s slots (a fractional cover by S_i / n_i, which never exceeds the true least work).
 */
export function listReadyBounds(companies: readonly BoundCompany[], slots: number): number[] {
  const withJobs = companies.filter((c) => c.jobs > 0);
  const perJob = withJobs
    .flatMap((c) => Array.from({ length: c.jobs }, () => c.scrapeMs))
    .sort((a, b) => a - b);
  const byRatio = [...withJobs].sort((a, b) => a.scrapeMs / a.jobs - b.scrapeMs / b.jobs);
  const out: number[] = [];
  for (let k = 1; k <= perJob.length; k++) {
    let need = k;
    let work = 0;
    for (const c of byRatio) {
      const take = Math.min(need, c.jobs);
      work += take === c.jobs ? c.scrapeMs : (c.scrapeMs * take) / c.jobs;
      need -= take;
      if (need === 0) break;
    }
    out.push(Math.max(perJob[k - 1] ?? 0, work / slots));
  }
  return out;
}

/** f(k): lower bounds on the sorted fetch completion times, given sorted list-ready bounds. */
export function fetchDoneBounds(readyMs: readonly number[], workers: number, fetchMs: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= readyMs.length; k++) {
    let best = 0;
    for (let j = 1; j <= k; j++) {
      best = Math.max(best, (readyMs[j - 1] ?? 0) + Math.ceil((k - j + 1) / workers) * fetchMs);
    }
    out.push(best);
  }
  return out;
}

export function lowerBound(input: BoundInput): LowerBound {
  const { companies, fetchMs: F, llmMs: G, limits } = input;
  const scrapes = companies.map((c) => c.scrapeMs);
  const scrapeAllMs =
    scrapes.length === 0
      ? 0
      : Math.max(Math.max(...scrapes), scrapes.reduce((a, b) => a + b, 0) / limits.scrapeConcurrency);
  const paths = companies
    .flatMap((c) => Array.from({ length: c.jobs }, () => Math.max(c.scrapeMs + F, c.researchMs)))
    .sort((a, b) => a - b);
  const n = paths.length;
  const fetched = fetchDoneBounds(
    listReadyBounds(companies, limits.scrapeConcurrency),
    limits.fetchWorkers,
    F,
  );
  const rateStart = (k: number) => Math.floor((k - 1) / limits.llmRequestsPerWindow) * limits.rateWindowMs;
  const releases = paths.map((p, i) => Math.max(p, fetched[i] ?? 0, rateStart(i + 1)));
  const llmMs = slotBound(releases, limits.llmConcurrency, G);
  const terms = {
    scrape: scrapeAllMs,
    fetch: n === 0 ? 0 : (fetched[n - 1] ?? 0) + G,
    rate: n === 0 ? 0 : rateStart(n) + G,
    llm: llmMs,
  };
  const ms = Math.max(terms.scrape, terms.llm);
  let binding: LowerBound['binding'] = 'none';
  if (ms > 0) {
    // The llm term contains the fetch and rate terms; name the one that reaches the bound.
    binding =
      terms.scrape >= terms.llm ? 'scrape' : terms.fetch >= ms ? 'fetch' : terms.rate >= ms ? 'rate' : 'llm';
  }
  return { ms, scrapeAllMs, fetchMs: terms.fetch, rateMs: terms.rate, llmMs, jobs: n, binding };
}

/** Everything one after another: every list, every research, every fetch and generation. */
export function sequentialMs(input: BoundInput): number {
  let total = 0;
  for (const c of input.companies) {
    total += c.scrapeMs;
    if (c.jobs > 0) total += c.researchMs + c.jobs * (input.fetchMs + input.llmMs);
  }
  return total;
}

/**
 * The scrape makespan at zero CPU when boards start in config order as slots free up, which is
 * what the pipeline does on a first run (it cannot know which boards are slow before asking):
 * the floor of a first run's wall at this concurrency, above the bound when slow boards start late.
 */
export function configOrderScrapeMs(input: BoundInput): number {
  return greedyScrapeMs(input.companies, input.limits.scrapeConcurrency);
}

/**
 * The same when boards start slowest first, as every run after the first does (the board store
 * keeps each board's last duration): longest-processing-time-first on the same slots.
 */
export function slowestFirstScrapeMs(input: BoundInput): number {
  const sorted = [...input.companies].sort((a, b) => b.scrapeMs - a.scrapeMs);
  return greedyScrapeMs(sorted, input.limits.scrapeConcurrency);
}

/** Each board, in the order given, on the slot that frees first. */
function greedyScrapeMs(companies: BoundInput['companies'], concurrency: number): number {
  const slots = new Array<number>(Math.max(1, concurrency)).fill(0);
  for (const c of companies) {
    let free = 0;
    for (let i = 1; i < slots.length; i++) if ((slots[i] ?? 0) < (slots[free] ?? 0)) free = i;
    slots[free] = (slots[free] ?? 0) + c.scrapeMs;
  }
  return Math.max(...slots);
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postingPath } from '../../sim/boards/postings.js';
import type { Simulator } from '../../sim/server.js';
import type { SimBoard, SimJob } from '../../sim/types.js';
import { type CompanyConfig, type HttpConfig, SourcesConfig } from '../../src/config/schema.js';
import type { FetchContext } from '../../src/fetch/types.js';
import { FixedClock } from '../../src/infra/clock.js';
import type { MemoryLogger } from '../../src/infra/logger.js';
import type { ScoredJob } from '../../src/match/types.js';
import type { JobListing } from '../../src/sources/types.js';
import { testDeps } from '../helpers/deps.js';

/**
 * A FetchContext over real peers (tests/helpers/deps.ts: the HTTP client against the simulator,
 * a browser never launched) with a temporary cache folder and a clock that stands still. The
 * per-host limit is raised above the worker counts tested: every simulator board is one host.
 */
export interface FetchHarness {
  ctx: FetchContext;
  logger: MemoryLogger;
  abort: AbortController;
  close(): Promise<void>;
}

export async function fetchHarness(
  options: {
    workers?: number;
    http?: Partial<HttpConfig>;
    cacheDir?: string;
    companies?: CompanyConfig[];
    sources?: SourcesConfig;
  } = {},
): Promise<FetchHarness> {
  const cacheDir = options.cacheDir ?? (await mkdtemp(path.join(tmpdir(), 'jm-fetch-')));
  const t = testDeps({
    http: { per_host_concurrency: 16, timeout_ms: 5_000, ...options.http },
    clock: new FixedClock(new Date('2026-11-20T09:00:00Z')),
  });
  return {
    ctx: {
      deps: t.deps,
      workers: options.workers ?? 5,
      cacheDir,
      sources: options.sources ?? SourcesConfig.parse({}),
      companies: options.companies ?? [],
    },
    logger: t.logger,
    abort: t.abort,
    async close() {
      await t.close();
      if (!options.cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The listing a source would have produced for this simulator job, description not carried. */
export function listingOf(sim: Simulator, board: SimBoard, job: SimJob): JobListing {
  return {
    id: `${board.kind}:${board.slug}:${job.id}`,
    kind: board.kind,
    board: board.slug,
    jobId: job.id,
    company: board.companyName,
    title: job.title,
    locations: job.locations,
    remote: job.remote,
    department: job.department,
    employmentType: job.employmentType,
    url: `${sim.origin}${postingPath(board.slug, job.id)}`,
    postedAt: job.postedAt,
    updatedAt: job.updatedAt,
    requisitionId: job.requisitionId,
    description: null,
  };
}

export function scored(listing: JobListing): ScoredJob {
  return {
    listing,
    score: { total: 80, reasons: [], matchedRole: null, matchedKeywords: [], excluded: false },
    duplicates: [],
  };
}

/** Every job of these boards as a selected job, in board order. */
export function selectedJobs(sim: Simulator, boards: SimBoard[]): ScoredJob[] {
  return boards.flatMap((board) => board.jobs.map((job) => scored(listingOf(sim, board, job))));
}

export const isPosting = (r: { path: string }): boolean => r.path.startsWith('/postings/');

/** No tags and no entities: what "clean Markdown" means for these tests. */
export const HTML_TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;
export const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

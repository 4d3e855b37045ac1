import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec, SimBoard } from '../../sim/types.js';
import { SourceError } from '../../src/errors.js';
import { SOURCES } from '../../src/sources/registry.js';
import type { JobSource } from '../../src/sources/types.js';
import { API_KINDS, type ApiKind, oneBoard, type SourceHarness, sourceHarness } from './harness.js';

/**
 * Every API kind against the same faults: a rate limit that clears, a board that is down, a
 * board that never answers, and answers that are not JSON. Short timeout, quick backoff.
 */

const SLUGS: Record<ApiKind, string> = {
  greenhouse: 'gh-board',
  lever: 'lever-board',
  ashby: 'ashby-board',
  workday: 'wd/Site',
  smartrecruiters: 'sr-board',
};

let h: SourceHarness;
const boards = new Map<ApiKind, SimBoard>();

beforeAll(async () => {
  for (const kind of API_KINDS) boards.set(kind, oneBoard(kind, SLUGS[kind], `${kind} Co`, 3));
  h = await sourceHarness([...boards.values()], { http: { timeout_ms: 300, retries: 3 } });
});
afterAll(() => h.close());
afterEach(() => {
  for (const kind of API_KINDS) h.sim.setFaults(kind, SLUGS[kind], undefined);
});

function setup(kind: ApiKind, faults: FaultSpec): { source: JobSource; board: SimBoard } {
  const source = SOURCES.find((s) => s.kind === kind);
  const board = boards.get(kind);
  if (!source || !board) throw new Error(`no ${kind} source or board`);
  h.sim.setFaults(kind, SLUGS[kind], faults);
  return { source, board };
}

async function failure(kind: ApiKind, faults: FaultSpec): Promise<SourceError> {
  const { source, board } = setup(kind, faults);
  const error = await source.scrape(h.ctx(source, h.company(board))).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  const sourceError = error as SourceError;
  expect(sourceError.company).toBe(`${kind} Co`);
  expect(sourceError.url.startsWith(h.sim.origin)).toBe(true);
  expect(sourceError.message.startsWith(`${kind} Co: ${sourceError.url}: `)).toBe(true);
  expect(sourceError.cause).toBeDefined();
  return sourceError;
}

describe.each(API_KINDS)('%s board failures', (kind) => {
  it('retries a 429 with Retry-After and then succeeds', async () => {
    const { source, board } = setup(kind, { firstN: 1, kinds: ['429'], retryAfterSeconds: 1 });
    const before = h.sim.requests.length;
    const result = await source.scrape(h.ctx(source, h.company(board)));
    expect(result.listings.map((l) => l.title)).toEqual(board.jobs.map((j) => j.title));
    const asked = h.sim.requests.slice(before).filter((r) => r.slug === SLUGS[kind]);
    expect(asked[0]?.fault).toBe('429');
    expect(asked[1]?.status).toBe(200);
  });

  it('fails with a SourceError when the board answers 500 every time', async () => {
    const before = h.sim.requests.length;
    const error = await failure(kind, { always: '500' });
    expect(error.message).toContain('board request failed: HTTP 500');
    // The first try and three retries.
    expect(h.sim.requests.slice(before).filter((r) => r.slug === SLUGS[kind])).toHaveLength(4);
  });

  it('fails with a SourceError when the board never answers', async () => {
    const error = await failure(kind, { always: 'hang' });
    expect(error.message).toContain('no answer within 300 ms');
  });

  it('fails with a SourceError on an HTML page instead of JSON', async () => {
    const error = await failure(kind, { always: 'html' });
    expect(error.message).toContain('expected JSON, got text/html; charset=utf-8 starting "<!doctype html>');
  });

  it('fails with a SourceError on malformed JSON', async () => {
    const error = await failure(kind, { always: 'malformed-json' });
    expect(error.message).toContain('expected JSON, got application/json starting "{"jobs": [{"id": 1');
  });

  it('fails with a SourceError on a cut-off answer', async () => {
    const before = h.sim.requests.length;
    const error = await failure(kind, { always: 'truncated' });
    // A body cut off mid-way is a transient network failure: retried, then reported as such.
    expect(error.message).toContain('board request failed: response body cut off or stalled');
    expect(h.sim.requests.slice(before).filter((r) => r.slug === SLUGS[kind])).toHaveLength(4);
  });
});

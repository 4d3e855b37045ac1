import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { loadConfig } from '../../src/config/load.js';
import type { CompanyConfig, Config } from '../../src/config/schema.js';
import { scrapeOrder } from '../../src/pipeline/companies.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { testRun, testServices } from '../helpers/deps.js';

/**
 * Four boards, each answering its list after a fixed delay; read one at a time. The delays are
 * 700 ms apart because the first board read also carries the run's cold start (first connection,
 * first parse): on a loaded CI machine that added over 300 ms to the quick board.
 */
const BOARDS = [
  { slug: 'quick', companyName: 'Quick Co', ms: 20 },
  { slug: 'slowest', companyName: 'Slowest Co', ms: 2120 },
  { slug: 'middle', companyName: 'Middle Co', ms: 720 },
  { slug: 'slow', companyName: 'Slow Co', ms: 1420 },
];

let sim: Simulator;
let dir: string;
let config: Config;

beforeAll(async () => {
  const boards = generateBoards(BOARDS.map((b) => ({ kind: 'greenhouse' as const, jobs: 3, ...b })));
  sim = await startSimulator({
    boards: boards.map((board, i) => ({ ...board, latency: { fixedMs: BOARDS[i]!.ms } })),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-scrape-order-'));
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      resume: path.resolve(import.meta.dirname, '../../sim/demo/resume.md'),
      output_dir: path.join(dir, 'output'),
      llm: { provider: 'offline' },
      search: { roles: ['Backend Engineer'] },
      sources: { concurrency: 1, greenhouse: { api_base: sim.origin } },
      companies: BOARDS.map((b) => ({
        name: b.companyName,
        url: `https://boards.greenhouse.io/${b.slug}`,
        kind: 'greenhouse',
      })),
    }),
  );
  config = await loadConfig(file);
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function dryRun(runId: string) {
  // The slowest board answers after 2.1 s, past the test client's usual 2 s timeout.
  const t = testServices({ http: { timeout_ms: 10_000 } });
  try {
    const options = { dryRun: true, force: true, companies: [], candidates: [], pdf: false };
    const result = await runPipeline(config, options, t.services, testRun(t, runId));
    return { summary: result.outcomes[0]!.summary!, lines: t.logger.lines() };
  } finally {
    await t.close();
  }
}

/** Runs a dry run and returns the boards in the order their list requests reached the simulator. */
async function listOrder(runId: string): Promise<string[]> {
  const from = sim.requests.length;
  await dryRun(runId);
  return sim.requests
    .slice(from)
    .filter((r) => r.slug !== null && /\/jobs/.test(r.path))
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((r) => r.slug!);
}

describe('later runs on one state', () => {
  it('is the config order on a first run and slowest first on every later run', async () => {
    expect(await listOrder('first')).toEqual(['quick', 'slowest', 'middle', 'slow']);
    const state = JSON.parse(await readFile(config.state_file, 'utf8'));
    expect(state.boards['slowest co'].ms).toBeGreaterThanOrEqual(2120);
    expect(await listOrder('second')).toEqual(['slowest', 'slow', 'middle', 'quick']);
  });

  it('starts boards never timed first, in config order, then the timed ones slowest first', () => {
    const companies = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }) as CompanyConfig);
    const ms: Record<string, number | undefined> = { a: 100, b: undefined, c: 900, d: undefined, e: 100 };
    expect(scrapeOrder(companies, (c) => ms[c.name]).map((c) => c.name)).toEqual(['b', 'd', 'c', 'a', 'e']);
  });

  it('a 304 whose saved listings cannot be read skips that board once, says so, and reads it in full next run', async () => {
    await dryRun('before');
    const board = JSON.parse(await readFile(config.state_file, 'utf8')).boards['quick co'];
    const snapshots = path.join(config.cache_dir, 'boards');
    expect(await readdir(snapshots)).toContain(`${board.snapshot}.json`);
    await writeFile(path.join(snapshots, `${board.snapshot}.json`), '{"not": "listings"}');

    const damaged = await dryRun('damaged');
    const quick = damaged.summary.companies.find((c) => c.name === 'Quick Co')!;
    expect(quick.unchanged).toBe(true);
    expect(quick.listings).toBe(0);
    expect(
      damaged.lines.some((l) =>
        l.includes('Quick Co: the board is unchanged but its saved listings could not be read'),
      ),
    ).toBe(true);

    const from = sim.requests.length;
    const next = await dryRun('next');
    const quickRequest = sim.requests.slice(from).find((r) => r.slug === 'quick')!;
    expect(quickRequest.status).toBe(200);
    expect(next.summary.companies.find((c) => c.name === 'Quick Co')!.listings).toBe(3);
  });
});

import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../sim/server.js';
import { loadConfig } from '../src/config/load.js';
import { runPipeline } from '../src/pipeline/run.js';
import { testRun, testServices } from './helpers/deps.js';

/**
 * A scheduled run on GitHub Actions starts from a fresh checkout with only what match.yml's cache
 * step restores. This copies exactly those paths (read from the workflow) from one run's output
 * folder into an empty one and runs again there, against the simulator: an unchanged board must
 * answer 304 and a posting gone since must be reported closed, as on a machine that kept it all.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const resume = path.join(ROOT, 'sim', 'demo', 'resume.md');
let sim: Simulator;
let dir: string;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** The `path:` lines of match.yml's cache restore step, relative to the checkout. */
async function cachedPaths(): Promise<string[]> {
  const wf = parse(await readFile(path.join(ROOT, '.github/workflows/match.yml'), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const restore = wf.jobs['match']?.steps.find((s) => s.uses?.startsWith('actions/cache/restore@'));
  return String(restore?.with?.['path'] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Copies one cache path (a file, a folder, or a `*` pattern in a file name) from one root to another. */
async function copyCached(pattern: string, from: string, to: string): Promise<void> {
  const folder = path.dirname(pattern);
  const name = path.basename(pattern);
  const wildcard = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
  const names = name.includes('*')
    ? (await readdir(path.join(from, folder)).catch(() => [] as string[])).filter((n) => wildcard.test(n))
    : [name];
  for (const n of names) {
    const source = path.join(from, folder, n);
    if (!(await stat(source).catch(() => null))) continue;
    await mkdir(path.join(to, folder), { recursive: true });
    await cp(source, path.join(to, folder, n), { recursive: true });
  }
}

async function run(root: string, runId: string) {
  await mkdir(root, { recursive: true });
  const file = path.join(root, 'config.json');
  await writeFile(
    file,
    JSON.stringify(
      demoConfig(sim.origin, { resume, outputDir: path.join(root, 'output'), companies: DEMO_COMPANIES }),
    ),
  );
  const config = await loadConfig(file);
  const t = testServices();
  try {
    const options = { dryRun: true, force: false, companies: [], candidates: [], pdf: false };
    const result = await runPipeline(config, options, t.services, testRun(t, runId));
    return { summary: result.outcomes[0]!.summary!, lines: t.logger.lines() };
  } finally {
    await t.close();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ boards: demoBoards(DEMO_COMPANIES) });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-workflow-state-'));
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("match.yml's cached state", () => {
  it('is enough for the next scheduled run: unchanged boards answer 304, closed postings are noticed', async () => {
    const paths = await cachedPaths();
    expect(paths).toContain('output/state.json');
    // The generation cache holds text made from the resume: never cached as a whole.
    expect(paths).not.toContain('output/.cache');

    const yesterday = path.join(dir, 'yesterday');
    await run(yesterday, 'run-1');
    const today = path.join(dir, 'today');
    await mkdir(today);
    for (const p of paths) await copyCached(p, yesterday, today);

    const board = sim.board('lever', 'globex')!;
    const gone = board.jobs.shift()!;
    const before = sim.requests.length;
    const { summary, lines } = await run(today, 'run-2');
    expect(summary.closed).toEqual([
      { id: expect.stringMatching(/^lever:globex:/), company: 'Globex Cloud', title: gone.title },
    ]);
    expect(lines.some((l) => /\[scrape\] Acme Labs: unchanged/.test(l))).toBe(true);
    const answered304 = sim.requests.slice(before).filter((r) => r.status === 304);
    expect(answered304.length).toBeGreaterThan(0);
  });
});

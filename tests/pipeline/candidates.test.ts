import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { type MatchOptions, runPipeline } from '../../src/pipeline/run.js';
import { testRun, testServices } from '../helpers/deps.js';

const resume = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
let sim: Simulator;
let dir: string;

const options = (extra: Partial<MatchOptions> = {}): MatchOptions => ({
  dryRun: false,
  force: false,
  companies: [],
  candidates: [],
  pdf: false,
  ...extra,
});

/** A config for the demo boards, with `candidates` when given, in its own output folder. */
async function configFor(name: string, candidates?: unknown[]): Promise<Config> {
  const base = demoConfig(sim.origin, { resume, outputDir: path.join(dir, name) });
  const file = path.join(dir, `${name}.json`);
  const { resume: _r, ...rest } = base;
  await writeFile(file, JSON.stringify(candidates ? { ...rest, candidates } : base));
  return loadConfig(file);
}

async function run(config: Config, runId: string, extra: Partial<MatchOptions> = {}) {
  const t = testServices();
  const before = sim.requests.length;
  try {
    const result = await runPipeline(config, options(extra), t.services, testRun(t, runId));
    const requests = sim.requests.slice(before);
    return { result, lines: t.logger.lines(), requests };
  } finally {
    await t.close();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ boards: demoBoards(DEMO_COMPANIES) });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-candidates-'));
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const three = [
  { id: 'jordan', resume },
  { id: 'sam', resume, top_per_company: 1 },
  { id: 'lee', resume, search: { roles: ['Data Engineer'] }, min_score: 40 },
];

describe('many candidates in one run', () => {
  it('reads every board and description once for all of them', async () => {
    const one = await run(await configFor('one'), 'r1');
    // Three candidates on the same terms want the same jobs: exactly the requests of one.
    const same = await run(
      await configFor(
        'same',
        ['a', 'b', 'c'].map((id) => ({ id, resume })),
      ),
      'r-same',
    );
    const paths = (reqs: typeof one.requests) => reqs.map((r) => `${r.method} ${r.path}`).sort();
    expect(paths(same.requests)).toEqual(paths(one.requests));
    expect(same.lines.some((l) => /^\[research\] [^:]+: once for 3 candidates$/.test(l))).toBe(true);
    for (const o of same.result.outcomes)
      expect(o.summary!.generated).toBe(one.result.outcomes[0]!.summary!.generated);
  });

  it('matches, selects and writes for each on their own terms, in their own folders', async () => {
    const one = await run(await configFor('one-again'), 'r1');
    // On their own terms: each candidate's selection, the descriptions still fetched once each.
    const many = await run(await configFor('three', three), 'r3');
    const postings = many.requests.filter((r) => r.path.startsWith('/postings/')).map((r) => r.path);
    expect(new Set(postings).size).toBe(postings.length);

    const { outcomes, runDir } = many.result;
    expect(outcomes.map((o) => o.id)).toEqual(['jordan', 'sam', 'lee']);
    const [jordan, sam, lee] = outcomes.map((o) => o.summary!);
    expect(jordan!.candidate).toBe('jordan');
    // jordan's terms are the one-candidate run's: the same applications.
    expect(jordan!.applications.map((a) => a.id).sort()).toEqual(
      one.result.outcomes[0]!.summary!.applications.map((a) => a.id).sort(),
    );
    // sam keeps the best one per company, lee looks for another role.
    expect(sam!.selected).toBeLessThan(jordan!.selected);
    expect(lee!.selections).not.toEqual(jordan!.selections);
    for (const outcome of outcomes) {
      expect(outcome.dir).toBe(path.join(runDir, outcome.id));
      const summary = JSON.parse(await readFile(path.join(outcome.dir, 'summary.json'), 'utf8'));
      expect(summary.generated).toBe(outcome.summary!.generated);
      for (const app of outcome.summary!.applications) {
        expect(await readdir(path.join(outcome.dir, app.folder))).toContain('job.json');
      }
    }
    const index = await readFile(path.join(runDir, 'index.html'), 'utf8');
    for (const id of ['jordan', 'sam', 'lee']) expect(index).toContain(`href="${id}/index.html"`);
    expect((await stat(path.join(runDir, 'summary.md'))).isFile()).toBe(true);
    // A handled store per candidate beside the shared board store.
    const stateDir = path.dirname(many.result.runDir);
    const files = await readdir(stateDir);
    expect(files).toEqual(expect.arrayContaining(['state.json', 'handled-jordan.json', 'handled-sam.json']));
    const handled = JSON.parse(await readFile(path.join(stateDir, 'handled-sam.json'), 'utf8'));
    expect(Object.keys(handled.handled).sort()).toEqual(sam!.applications.map((a) => a.id).sort());
  });

  it('--candidate runs only the ones named; the others keep their state', async () => {
    const config = await configFor('some', three);
    const { result } = await run(config, 'r-some', { candidates: ['sam'] });
    expect(result.outcomes.map((o) => o.id)).toEqual(['sam']);
    expect(await readdir(result.runDir)).not.toContain('jordan');
    await expect(run(config, 'r-bad', { candidates: ['nobody'] })).rejects.toThrow(/--candidate "nobody"/);
  });

  it('a candidate whose resume cannot be read is skipped; the others go on, exit 1', async () => {
    const config = await configFor('broken', [
      { id: 'jordan', resume },
      { id: 'ghost', resume: path.join(dir, 'no-such-resume.pdf') },
    ]);
    const { result, lines } = await run(config, 'r-broken');
    const ghost = result.outcomes.find((o) => o.id === 'ghost')!;
    expect(ghost.summary).toBeNull();
    expect(ghost.skipped).toContain('no-such-resume.pdf');
    expect(result.outcomes.find((o) => o.id === 'jordan')!.summary!.generated).toBeGreaterThan(0);
    expect(result.exitCode).toBe(1);
    expect(lines.some((l) => l.startsWith('[profile] ghost: skipped:'))).toBe(true);
  });

  it('the summary shows the scrape stage: boards in, listings out, boards failed, its time', async () => {
    sim.setFaults('ashby', 'initech', { always: '500' });
    try {
      const { result } = await run(await configFor('stages'), 'r-stages');
      const summary = result.outcomes[0]!.summary!;
      const scrape = summary.stages.find((s) => s.name === 'scrape')!;
      expect(scrape.in).toBe(DEMO_COMPANIES.length);
      expect(scrape.failed).toBe(1);
      expect(scrape.out).toBe(summary.listings);
      expect(scrape.ms).toBeGreaterThan(0);
      const md = await readFile(path.join(result.runDir, 'summary.md'), 'utf8');
      expect(md).toMatch(
        new RegExp(`\\| scrape \\| ${DEMO_COMPANIES.length} \\| ${summary.listings} \\| 1 \\|`),
      );
    } finally {
      sim.setFaults('ashby', 'initech', undefined);
    }
  });
});

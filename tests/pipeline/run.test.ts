import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROWSER_COMPANY, DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { RunSummary } from '../../src/output/types.js';
import { type MatchOptions, runPipeline } from '../../src/pipeline/run.js';
import { testRun, testServices } from '../helpers/deps.js';

const resume = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
let sim: Simulator;
let dir: string;
let config: Config;

const options = (extra: Partial<MatchOptions> = {}): MatchOptions => ({
  dryRun: false,
  force: false,
  companies: [],
  candidates: [],
  pdf: false,
  ...extra,
});

async function run(runId: string, extra: Partial<MatchOptions> = {}) {
  const t = testServices();
  try {
    const result = await runPipeline(config, options(extra), t.services, testRun(t, runId));
    return { summary: result.outcomes[0]!.summary!, lines: t.logger.lines() };
  } finally {
    await t.close();
  }
}

beforeAll(async () => {
  const companies = [...DEMO_COMPANIES, DEMO_BROWSER_COMPANY];
  sim = await startSimulator({ boards: demoBoards(companies) });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-pipeline-'));
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify(demoConfig(sim.origin, { resume, outputDir: path.join(dir, 'output'), companies })),
  );
  config = await loadConfig(file);
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('runPipeline against the simulator', () => {
  let first: { summary: RunSummary; lines: string[] };

  beforeAll(async () => {
    first = await run('run-1');
  });

  it('scrapes every kind of board and logs a line per company', () => {
    const { summary, lines } = first;
    expect(summary.companies.map((c) => [c.name, c.kind, c.error]).sort()).toEqual(
      [
        ['Acme Labs', 'greenhouse', null],
        ['Globex Cloud', 'lever', null],
        ['Hooli', 'smartrecruiters', null],
        ['Initech Robotics', 'ashby', null],
        ['Umbrella Health', 'workday', null],
        ['Vandelay Industries', 'jsonld', null],
        ['Stark Energy', 'html', null],
        ['Wayne Robotics', 'browser', null],
      ].sort(),
    );
    for (const c of summary.companies) expect(c.listings).toBeGreaterThan(0);
    expect(lines.some((l) => /^\[scrape\] Hooli: 120 jobs \(smartrecruiters, [\d.]+s\)$/.test(l))).toBe(true);
    expect(lines).toContain(
      `[filter] Processing ${summary.selected} jobs (out of ${summary.listings} total)`,
    );
  });

  it('writes one complete folder per selected job and says so in the summary', async () => {
    const { summary } = first;
    expect(summary.selected).toBeGreaterThan(3);
    expect(summary.generated).toBe(summary.selected);
    expect(summary.exitCode).toBe(0);
    const runDir = path.join(config.output_dir, 'run-1');
    for (const app of summary.applications) {
      const folder = path.join(runDir, app.folder);
      const files = await readdir(folder);
      expect(files).toEqual(
        expect.arrayContaining([
          'job.json',
          'description.md',
          'resume.md',
          'resume.docx',
          'cover-letter.md',
          'cover-letter.docx',
        ]),
      );
      const record = JSON.parse(await readFile(path.join(folder, 'job.json'), 'utf8'));
      expect(record.id).toBe(app.id);
      expect(record.score.reasons.length).toBeGreaterThan(0);
      expect(record.generation.generator).toBe('offline');
      const resumeMd = await readFile(path.join(folder, 'resume.md'), 'utf8');
      expect(resumeMd).toContain('Jordan Rivera');
      expect(resumeMd).toContain('Globex Payments');
    }
    const onDisk = JSON.parse(await readFile(path.join(runDir, 'summary.json'), 'utf8'));
    expect(onDisk.generated).toBe(summary.generated);
    expect((await stat(path.join(runDir, 'index.html'))).size).toBeGreaterThan(1000);
  });

  it('a second scheduled run handles only new jobs and notices closed ones', async () => {
    const board = sim.board('lever', 'globex')!;
    const gone = board.jobs.shift()!;
    board.jobs.push({
      ...board.jobs[0]!,
      id: '9999001',
      requisitionId: 'R-NEW-1',
      title: 'Senior Backend Engineer',
    });
    const second = await run('run-2');
    expect(second.summary.closed).toEqual([
      { id: expect.stringMatching(/^lever:globex:/), company: 'Globex Cloud', title: gone.title },
    ]);
    const handledBefore = new Set(first.summary.applications.map((a) => a.id));
    for (const app of second.summary.applications) expect(handledBefore.has(app.id)).toBe(false);
    expect(second.summary.applications.some((a) => a.company === 'Globex Cloud')).toBe(true);
    expect(second.lines.some((l) => /\[scrape\] Acme Labs: unchanged/.test(l))).toBe(true);
  });

  it('flags a board that suddenly lists nothing as a likely site change', async () => {
    const board = sim.board('greenhouse', 'acmelabs')!;
    const jobs = board.jobs;
    board.jobs = [];
    try {
      const { summary } = await run('run-empty');
      expect(summary.warnings).toContainEqual(
        expect.stringMatching(/^Acme Labs: 0 jobs where the last run saw 40; the site may have changed/),
      );
    } finally {
      board.jobs = jobs;
    }
  });

  it('--limit keeps the best n across all companies', async () => {
    const all = await run('run-all', { force: true, dryRun: true });
    const { summary } = await run('run-limit', { force: true, limit: 3 });
    expect(summary.generated).toBe(3);
    expect(all.summary.selected).toBeGreaterThan(3);
    const bestThree = all.summary.selections!.slice(0, 3).map((j) => j.id);
    expect(summary.applications.map((a) => a.id).sort()).toEqual(bestThree.sort());
  });

  it('--dry-run writes only the summary', async () => {
    const { summary } = await run('run-dry', { dryRun: true, force: true });
    expect(summary.selected).toBeGreaterThan(0);
    expect(summary.generated).toBe(0);
    const entries = await readdir(path.join(config.output_dir, 'run-dry'));
    expect(entries.filter((e) => !e.startsWith('summary.'))).toEqual([]);
    expect(summary.selections).toHaveLength(summary.selected);
    const md = await readFile(path.join(config.output_dir, 'run-dry', 'summary.md'), 'utf8');
    expect(md).toContain('### Selected (dry run');
    expect(md).toContain(summary.selections![0]!.title);
  });

  it('a board that is down fails that company alone, with exit code 1', async () => {
    sim.setFaults('ashby', 'initech', { always: '500' });
    try {
      const { summary } = await run('run-down', { force: true });
      const initech = summary.companies.find((c) => c.name === 'Initech Robotics')!;
      expect(initech.error).toContain('Initech Robotics');
      expect(initech.error).toContain('500');
      expect(summary.failures.some((f) => f.company === 'Initech Robotics' && f.stage === 'scrape')).toBe(
        true,
      );
      expect(summary.generated).toBeGreaterThan(0);
      expect(summary.exitCode).toBe(1);
    } finally {
      sim.setFaults('ashby', 'initech', undefined);
    }
  });
});

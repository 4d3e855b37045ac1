import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, idleStages, renderSummaryMarkdown, writeSummary } from '../../src/output/summary.js';
import { makeSummary } from './fixtures/records.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('exitCodeFor', () => {
  it('is 0 when every company was read and every selected job generated', () => {
    expect(exitCodeFor(makeSummary())).toBe(0);
  });

  it('is 1 when nothing was generated out of a selection, which is a failure, not a quiet success', () => {
    const summary = makeSummary({ selected: 7, generated: 0 });
    expect(exitCodeFor(summary)).toBe(1);
    expect(renderSummaryMarkdown({ ...summary, exitCode: 1 })).toContain(
      '0 applications generated out of 7 selected',
    );
  });

  it('is 0 for a dry run that generates nothing by design', () => {
    expect(exitCodeFor(makeSummary({ selected: 7, generated: 0, dryRun: true }))).toBe(0);
  });

  it('is 1 when a company or a job failed', () => {
    const company = makeSummary();
    company.companies.push({
      name: 'Globex',
      kind: 'lever',
      listings: 0,
      selected: 0,
      done: 0,
      unchanged: false,
      error: 'HTTP 404 from https://api.lever.co/v0/postings/globex',
      warnings: [],
    });
    expect(exitCodeFor(company)).toBe(1);
    const job = makeSummary({
      failures: [{ company: 'Acme', job: 'greenhouse:acme:1', stage: 'generate', reason: 'model timed out' }],
    });
    expect(exitCodeFor(job)).toBe(1);
  });

  it('is 130 when cancelled, whatever else happened', () => {
    expect(exitCodeFor(makeSummary({ cancelled: true, selected: 5, generated: 0 }))).toBe(130);
  });

  it('names stages that were given work and produced nothing', () => {
    const summary = makeSummary();
    summary.stages[3] = { name: 'generate', in: 7, out: 0, failed: 7, ms: 10 };
    expect(idleStages(summary)).toEqual(['generate: 0 out of 7 in, 7 failed']);
  });
});

describe('writeSummary', () => {
  const summary = makeSummary({
    failures: [
      { company: 'Acme', job: 'greenhouse:acme:2', stage: 'fetch', reason: 'HTTP 500 | retried 3 times' },
    ],
    applications: [
      {
        id: 'greenhouse:acme:1',
        company: 'Acme',
        title: 'Backend Engineer',
        score: 91,
        folder: 'acme/backend-engineer-1',
      },
    ],
    closed: [{ id: 'greenhouse:acme:0', company: 'Acme', title: 'Old Role' }],
    exitCode: 1,
  });

  it('writes summary.json with companies, stages, failures, tokens and cost, and a readable summary.md', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'summary-'));
    dirs.push(runDir);
    const written = await writeSummary(runDir, summary);
    const json = JSON.parse(await readFile(written.json, 'utf8'));
    expect(json.companies).toEqual([
      {
        name: 'Acme',
        kind: 'greenhouse',
        listings: 12,
        selected: 2,
        done: 2,
        unchanged: false,
        error: null,
        warnings: [],
      },
    ]);
    expect(json.stages.map((s: { name: string; ms: number }) => [s.name, s.ms])).toEqual([
      ['scrape', 1200],
      ['match', 40],
      ['fetch', 800],
      ['generate', 3000],
      ['output', 90],
    ]);
    expect(json.failures[0].reason).toBe('HTTP 500 | retried 3 times');
    expect(json.tokens).toEqual({ prompt: 1200, completion: 800 });
    expect(json.costUsd).toBe(0.00066);

    const md = await readFile(written.markdown, 'utf8');
    expect(md).toContain('## job-matcher run 2026-11-24T03-22-58Z: FAILED');
    expect(md).toContain('| company | kind | listings | selected | done | error |');
    expect(md).toContain('| Acme | greenhouse | 12 | 2 | 2 |  |');
    expect(md).toContain('| generate | 2 | 2 | 0 | 3.0 s |');
    // A pipe from a reason must not split the table's cell.
    expect(md).toContain('| Acme | greenhouse:acme:2 | fetch | HTTP 500 \\| retried 3 times |');
    expect(md).toContain('| 91 | Acme | Backend Engineer | acme/backend-engineer-1 |');
    expect(md).toContain('### Closed since the last run');
    expect(md).toContain('1200 prompt + 800 completion');
  });

  it('appends the Markdown to GITHUB_STEP_SUMMARY, keeping what was there', async () => {
    const runDir = await mkdtemp(join(tmpdir(), 'summary-'));
    dirs.push(runDir);
    const stepSummary = join(runDir, 'step-summary.md');
    await writeFile(stepSummary, '# earlier step\n');
    await writeSummary(runDir, summary, { githubStepSummary: stepSummary });
    const text = await readFile(stepSummary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain(renderSummaryMarkdown(summary));
  });
});

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { listCompleteApplications, writeApplication } from '../../src/output/application.js';
import { mergeRuns } from '../../src/output/merge.js';
import { writeSummary } from '../../src/output/summary.js';
import type { RunSummary } from '../../src/output/types.js';
import { makeListing, makeRecord, makeSummary } from './fixtures/records.js';

let root: string;

/** One shard's run folder as the pipeline leaves it: applications, then summary.json. */
async function shardRun(
  dir: string,
  company: string,
  jobs: Array<{ jobId: string; title: string; score: number }>,
  extra: Partial<RunSummary> = {},
  withSummary = true,
): Promise<void> {
  const board = company.toLowerCase();
  for (const job of jobs) {
    const record = makeRecord(makeListing({ ...job, company, board }), job.score);
    await writeApplication(
      dir,
      record,
      [
        { name: 'resume.md', data: `# ${job.title}\n` },
        { name: 'cover-letter.md', data: `Dear ${company}, about ${job.title}` },
      ],
      null,
    );
  }
  if (!withSummary) return;
  const { applications } = await listCompleteApplications(dir);
  await writeSummary(
    dir,
    makeSummary({
      companies: [
        {
          name: company,
          kind: 'greenhouse',
          listings: 10,
          selected: jobs.length,
          done: jobs.length,
          unchanged: false,
          error: null,
          warnings: [],
        },
      ],
      listings: 10,
      selected: jobs.length,
      generated: jobs.length,
      tokens: { prompt: 100, completion: 50 },
      costUsd: 0.25,
      applications: applications.map((a) => ({
        id: a.record.id,
        company: a.record.company,
        title: a.record.title,
        score: a.record.score.total,
        folder: a.folder,
      })),
      ...extra,
    }),
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'merge-'));
  await shardRun(join(root, 'shard-1'), 'Acme', [
    { jobId: '1', title: 'Backend Engineer', score: 88 },
    { jobId: '2', title: 'Platform Engineer', score: 61 },
  ]);
  await shardRun(join(root, 'shard-2'), 'Globex', [{ jobId: '7', title: 'Data Engineer', score: 75 }], {
    failures: [
      { company: 'Globex', job: 'greenhouse:globex:8', stage: 'generate', reason: 'model timed out' },
    ],
    startedAt: '2026-11-24T03:20:00.000Z',
    finishedAt: '2026-11-24T03:30:00.000Z',
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mergeRuns', () => {
  it('joins two shards into one summary, one review page and one set of folders', async () => {
    const out = join(root, 'merged', '2026-11-24T03-22-58Z');
    const merged = await mergeRuns([join(root, 'shard-1'), join(root, 'shard-2')], out);
    expect(merged.companies.map((c) => c.name)).toEqual(['Acme', 'Globex']);
    expect([merged.listings, merged.selected, merged.generated]).toEqual([20, 3, 3]);
    expect(merged.tokens).toEqual({ prompt: 200, completion: 100 });
    expect(merged.costUsd).toBe(0.5);
    expect(merged.startedAt).toBe('2026-11-24T03:20:00.000Z');
    expect(merged.finishedAt).toBe('2026-11-24T03:30:00.000Z');
    expect(merged.applications.map((a) => [a.score, a.folder])).toEqual([
      [88, 'acme/backend-engineer-1'],
      [75, 'globex/data-engineer-7'],
      [61, 'acme/platform-engineer-2'],
    ]);
    expect(merged.failures.map((f) => f.job)).toEqual(['greenhouse:globex:8']);
    expect(merged.exitCode).toBe(1);
    expect(merged.stages.find((s) => s.name === 'generate')).toEqual({
      name: 'generate',
      in: 4,
      out: 4,
      failed: 0,
      ms: 3000,
    });

    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')).runId).toBe('2026-11-24T03-22-58Z');
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain(
      '| Globex | greenhouse | 10 | 1 | 1 |  |',
    );
    const html = await readFile(join(out, 'index.html'), 'utf8');
    for (const title of ['Backend Engineer', 'Platform Engineer', 'Data Engineer'])
      expect(html).toContain(title);
    expect(html).toContain('Dear Globex, about Data Engineer');
    expect(await readFile(join(out, 'globex', 'data-engineer-7', 'resume.md'), 'utf8')).toBe(
      '# Data Engineer\n',
    );
    expect((await listCompleteApplications(out)).applications).toHaveLength(3);
  });

  it('is idempotent: merging again duplicates nothing', async () => {
    const out = join(root, 'merged-twice');
    const first = await mergeRuns([join(root, 'shard-1'), join(root, 'shard-2')], out);
    const second = await mergeRuns([join(root, 'shard-1'), join(root, 'shard-2')], out);
    expect(second.applications).toEqual(first.applications);
    expect((await readdir(join(out, 'acme'))).sort()).toEqual(['backend-engineer-1', 'platform-engineer-2']);
  });

  it('a shard without summary.json is a failure in the merged run, not the end of the merge', async () => {
    const crashed = join(root, 'shard-3');
    await shardRun(crashed, 'Initech', [{ jobId: '3', title: 'SRE', score: 70 }], {}, false);
    const out = join(root, 'merged-with-crash');
    const merged = await mergeRuns([join(root, 'shard-1'), crashed], out);
    const failure = merged.failures.find((f) => f.stage === 'merge');
    expect(failure?.company).toBe(`shard ${crashed}`);
    expect(failure?.reason).toMatch(/summary\.json cannot be read.*did that shard finish/);
    expect(merged.exitCode).toBe(1);
    // Its finished applications are still there to review.
    expect(merged.applications.map((a) => a.folder)).toContain('initech/sre-3');
    expect(merged.shards).toEqual([join(root, 'shard-1'), crashed]);
  });

  it('refuses to merge into one of its own inputs', async () => {
    await expect(mergeRuns([join(root, 'shard-1')], join(root, 'shard-1'))).rejects.toThrow(OutputError);
  });
});

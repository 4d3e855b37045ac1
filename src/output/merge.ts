import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import {
  COVER_LETTER_FILE,
  type CompleteApplication,
  cleanPartials,
  listCompleteApplications,
} from './application.js';
import { assertInside, shortHash } from './paths.js';
import { writeReviewPage } from './review-page.js';
import { formatIssues, RunSummary as RunSummarySchema } from './schemas.js';
import { exitCodeFor, SUMMARY_JSON, writeSummary } from './summary.js';
import type { ApplicationRecord, RunSummary, StageSummary } from './types.js';

const STAGE_ORDER: StageSummary['name'][] = ['scrape', 'match', 'fetch', 'generate', 'output'];

interface Shard {
  dir: string;
  summary: RunSummary | null;
}

async function readSummary(dir: string): Promise<RunSummary | string> {
  const file = join(dir, SUMMARY_JSON);
  try {
    const parsed = RunSummarySchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : `${file} does not match: ${formatIssues(parsed.error)}`;
  } catch (error) {
    return `${file} cannot be read (${describeError(error)}); did that shard finish?`;
  }
}

function idIn(jobJson: string): string | null {
  try {
    const id = (JSON.parse(jobJson) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * Copies one application folder into the merged run: into a partial folder, then one rename, so
 * a merge that is stopped and run again neither duplicates nor half-copies. Returns its new
 * relative folder, which differs from the shard's only when another job already owns the name.
 */
async function copyApplication(shardDir: string, outDir: string, app: CompleteApplication): Promise<string> {
  for (const rel of [app.folder, `${app.folder}-${shortHash(app.record.id)}`]) {
    const target = assertInside(outDir, join(outDir, rel));
    const existing = await readFile(join(target, 'job.json'), 'utf8').catch(() => null);
    if (existing !== null) {
      const owner = idIn(existing);
      if (owner === app.record.id) return rel;
      // Another job's folder: try the hashed name. An unreadable one was never complete: replace it.
      if (owner !== null) continue;
    }
    const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
    try {
      await rm(target, { recursive: true, force: true });
      await cp(join(shardDir, app.folder), partial, { recursive: true });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw new OutputError(
        target,
        `cannot copy the application from ${shardDir} (${describeError(error)})`,
        {
          cause: error,
        },
      );
    }
    return rel;
  }
  throw new OutputError(
    join(outDir, app.folder),
    `two other jobs already own this folder; cannot place ${app.record.id}`,
  );
}

function mergeStages(summaries: RunSummary[]): StageSummary[] {
  const byName = new Map<StageSummary['name'], StageSummary>();
  for (const stage of summaries.flatMap((s) => s.stages)) {
    const seen = byName.get(stage.name);
    // Shards run side by side, so the merged stage took as long as its slowest shard.
    if (seen)
      byName.set(stage.name, {
        ...seen,
        in: seen.in + stage.in,
        out: seen.out + stage.out,
        failed: seen.failed + stage.failed,
        ms: Math.max(seen.ms, stage.ms),
      });
    else byName.set(stage.name, { ...stage });
  }
  return STAGE_ORDER.flatMap((name) => byName.get(name) ?? []);
}

function sum(summaries: RunSummary[], pick: (s: RunSummary) => number): number {
  return summaries.reduce((total, s) => total + pick(s), 0);
}

function combine(
  outDir: string,
  shards: Shard[],
  failures: RunSummary['failures'],
  applications: RunSummary['applications'],
): RunSummary {
  const summaries = shards.flatMap((s) => s.summary ?? []);
  const times = (pick: (s: RunSummary) => string) => summaries.map(pick).sort();
  const closed = new Map(summaries.flatMap((s) => s.closed).map((c) => [c.id, c]));
  const merged: RunSummary = {
    runId: basename(outDir),
    startedAt: times((s) => s.startedAt)[0] ?? new Date(0).toISOString(),
    finishedAt: times((s) => s.finishedAt).at(-1) ?? new Date(0).toISOString(),
    configFile: [...new Set(summaries.map((s) => s.configFile))].join(', '),
    dryRun: summaries.length > 0 && summaries.every((s) => s.dryRun),
    cancelled: summaries.some((s) => s.cancelled),
    companies: summaries.flatMap((s) => s.companies),
    stages: mergeStages(summaries),
    listings: sum(summaries, (s) => s.listings),
    selected: sum(summaries, (s) => s.selected),
    generated: sum(summaries, (s) => s.generated),
    failures: [...summaries.flatMap((s) => s.failures), ...failures],
    closed: [...closed.values()],
    warnings: summaries.flatMap((s) => s.warnings),
    tokens: {
      prompt: sum(summaries, (s) => s.tokens.prompt),
      completion: sum(summaries, (s) => s.tokens.completion),
    },
    costUsd: sum(summaries, (s) => s.costUsd),
    applications: applications.sort((a, b) => b.score - a.score || a.folder.localeCompare(b.folder)),
    exitCode: 0,
    shards: shards.map((s) => s.dir),
  };
  merged.exitCode = exitCodeFor(merged);
  return merged;
}

/**
 * Joins the run folders of several shards into `outDir`: the application folders are copied in,
 * and one summary and one review page cover them all. A shard whose summary is missing (it
 * crashed or was cancelled) is a failure in the merged summary, not the end of the merge.
 */
export async function mergeRuns(
  runDirs: string[],
  outDir: string,
  opts: { githubStepSummary?: string } = {},
): Promise<RunSummary> {
  const out = resolve(outDir);
  if (runDirs.some((dir) => resolve(dir) === out)) {
    throw new OutputError(out, 'the merged output folder must not be one of the shard folders');
  }
  await mkdir(out, { recursive: true });
  // A merge stopped part-way left partial copies: clear them so this one starts clean.
  await cleanPartials(out);
  const shards: Shard[] = [];
  const failures: RunSummary['failures'] = [];
  const applications: RunSummary['applications'] = [];
  const records: ApplicationRecord[] = [];
  const coverLetters = new Map<string, string>();
  const seen = new Set<string>();

  for (const dir of runDirs) {
    const read = await readSummary(dir);
    const summary = typeof read === 'string' ? null : read;
    if (typeof read === 'string')
      failures.push({ company: `shard ${dir}`, job: null, stage: 'merge', reason: read });
    const listed = await listCompleteApplications(dir);
    for (const bad of listed.skipped) {
      failures.push({ company: `shard ${dir}`, job: bad.folder, stage: 'merge', reason: bad.reason });
    }
    const wanted = summary ? new Set(summary.applications.map((a) => a.id)) : null;
    const kept = listed.applications.filter((app) =>
      wanted ? wanted.has(app.record.id) : app.record.status === 'done',
    );
    shards.push({ dir, summary });
    for (const app of kept) {
      if (seen.has(app.record.id)) continue;
      seen.add(app.record.id);
      const folder = await copyApplication(dir, out, app);
      const score = summary?.applications.find((a) => a.id === app.record.id)?.score;
      const { record } = app;
      applications.push({
        id: record.id,
        company: record.company,
        title: record.title,
        score: score ?? (record.finalScore ?? record.score).total,
        folder,
      });
      records.push(record);
      const letter = await readFile(join(out, folder, COVER_LETTER_FILE), 'utf8').catch(() => undefined);
      if (letter !== undefined) coverLetters.set(record.id, letter);
    }
  }

  const merged = combine(out, shards, failures, applications);
  await writeSummary(out, merged, opts);
  await writeReviewPage(out, merged, records, coverLetters);
  return merged;
}

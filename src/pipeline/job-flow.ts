import path from 'node:path';
import type { StageDeps } from '../app/context.js';
import { BudgetExceededError, CancelledError, describeError, JobMatcherError } from '../errors.js';
import type { FetchedJob } from '../fetch/types.js';
import { renderApplicationFiles } from '../generate/index.js';
import type { GenerationResult } from '../generate/types.js';
import { rescore } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import { writeApplication } from '../output/index.js';
import type { ApplicationRecord } from '../output/types.js';
import type { CandidateRun } from './candidates.js';

/** What every job of the run shares, whichever candidate it is for. */
export interface JobFlowShared {
  deps: StageDeps<'browser' | 'clock'>;
  runId: string;
  /** Company research, once per company for all candidates. */
  research(company: string, job: FetchedJob): Promise<string | null>;
  pdf: boolean;
}

/**
 * Rescore with the description, generate, render and write one application, then remember it in
 * the state. A failure is recorded against the job and leaves it unhandled, so the next run tries
 * it again; nothing else is affected.
 */
export async function completeJob(fetched: FetchedJob, run: CandidateRun, ctx: JobFlowShared): Promise<void> {
  const { listing } = fetched;
  const { ledger, candidate } = run;
  const company = ledger.company(listing.company);
  if (fetched.fetchError !== null || fetched.detail === null) {
    ledger.fail(listing.company, listing.title, 'fetch', fetched.fetchError ?? 'no description');
    return;
  }
  const final = rescore(fetched, fetched.detail.markdown, run.matcher);
  if (final.score.total < candidate.min_score) {
    run.logger.info(
      'filter',
      `${run.several ? `${candidate.id}: ` : ''}${listing.company}: dropped "${listing.title}" after reading its description (score ${final.score.total} < ${candidate.min_score})`,
    );
    return;
  }
  if (ctx.deps.signal.aborted) return;
  let generation: GenerationResult;
  try {
    const companyAbout = await ctx.research(listing.company, fetched);
    generation = await ledger.track('generate', () =>
      run.generator.generate({ profile: run.profile, job: { ...fetched, score: final.score }, companyAbout }),
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const stage = error instanceof BudgetExceededError ? 'budget' : 'generate';
    ledger.fail(listing.company, listing.title, stage, reasonOf(error), codeOf(error));
    return;
  }
  try {
    const folder = await ledger.track('output', async () => {
      const files = await renderApplicationFiles(generation, ctx.deps, { pdf: ctx.pdf });
      for (const warning of files.warnings) {
        if (!ledger.warnings.includes(warning)) ledger.warnings.push(warning);
      }
      const record = applicationRecord(
        fetched,
        final.score,
        generation,
        files.map((f) => f.name),
        ctx,
      );
      const written = await writeApplication(run.dir, record, files, fetched.detail?.markdown ?? null);
      ledger.records.push(record);
      const letter = files.find((f) => f.name === 'cover-letter.md');
      if (typeof letter?.data === 'string') ledger.coverLetters.set(record.id, letter.data);
      return written;
    });
    await run.handled.markHandled(listing.id, ctx.runId);
    company.done += 1;
    ledger.applications.push({
      id: listing.id,
      company: listing.company,
      title: listing.title,
      score: final.score.total,
      folder: path.relative(run.dir, folder),
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    ledger.fail(listing.company, listing.title, 'output', reasonOf(error), codeOf(error));
  }
}

/** A failure's reason as a summary shows it: the job and company are its own fields. */
const reasonOf = (error: unknown): string =>
  error instanceof JobMatcherError ? error.reason : describeError(error);
const codeOf = (error: unknown): string | undefined =>
  error instanceof JobMatcherError ? error.code : undefined;

function applicationRecord(
  fetched: FetchedJob,
  finalScore: ScoredJob['score'],
  generation: GenerationResult,
  files: string[],
  ctx: JobFlowShared,
): ApplicationRecord {
  const { listing, detail } = fetched;
  const { resume: _resume, coverLetter: _letter, ...generationMeta } = generation;
  return {
    id: listing.id,
    company: listing.company,
    title: listing.title,
    url: listing.url,
    kind: listing.kind,
    listing: { ...listing, description: null },
    duplicates: fetched.duplicates.map((d) => ({ id: d.id, url: d.url, locations: d.locations })),
    score: fetched.score,
    finalScore,
    description: detail ? { source: detail.source, url: detail.url, chars: detail.markdown.length } : null,
    fetchError: fetched.fetchError,
    generation: generationMeta,
    status: 'done',
    error: null,
    files: ['job.json', ...(detail ? ['description.md'] : []), ...files],
    runId: ctx.runId,
    createdAt: ctx.deps.clock.now().toISOString(),
  };
}

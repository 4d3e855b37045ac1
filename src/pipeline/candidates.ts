import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StageDeps } from '../app/context.js';
import type { CandidateConfig, Config } from '../config/schema.js';
import { ProfileError } from '../errors.js';
import { createGenerator, type Generator } from '../generate/index.js';
import type { Logger } from '../infra/logger.js';
import { createMatcher, type Matcher } from '../match/index.js';
import {
  COVER_LETTER_FILE,
  type CompleteApplication,
  cleanPartials,
  listCompleteApplications,
} from '../output/index.js';
import { loadProfile } from '../profile/index.js';
import type { Profile } from '../profile/types.js';
import type { BoardStore } from '../stores/board-store.js';
import { type HandledStore, handledFile, openHandledStore } from '../stores/handled-store.js';
import { RunLedger } from './ledger.js';
import type { StageProgress } from './progress.js';

/** One candidate's side of a run: their profile, terms, handled store, ledger and folder. */
export interface CandidateRun {
  candidate: CandidateConfig;
  /** Where this candidate's applications, summary and review page go. */
  dir: string;
  profile: Profile;
  matcher: Matcher;
  generator: Generator;
  handled: HandledStore;
  ledger: RunLedger;
  logger: Logger;
  /** True when the run has several candidates: lines and folders then name the candidate. */
  several: boolean;
  /** What a killed attempt of this run already wrote. */
  earlier: CompleteApplication[];
}

export interface SkippedCandidate {
  id: string;
  reason: string;
  file: string;
}

/**
 * Reads each wanted candidate's resume and opens their handled store. A resume that cannot be
 * read skips that candidate alone when the run has several (reported, exit 1); with one, it is
 * the run's fatal error as before.
 */
export async function openCandidates(
  config: Config,
  wanted: CandidateConfig[],
  runDir: string,
  boards: BoardStore,
  deps: StageDeps<'llm' | 'llmLimiter' | 'clock'>,
  progress: StageProgress,
): Promise<{ runs: CandidateRun[]; skipped: SkippedCandidate[] }> {
  const runs: CandidateRun[] = [];
  const skipped: SkippedCandidate[] = [];
  const several = config.candidate_folders;
  try {
    for (const candidate of wanted) {
      let profile: Profile;
      try {
        profile = await loadProfile(candidate.resume, candidate.search, { logger: deps.logger });
      } catch (error) {
        if (!several || !(error instanceof ProfileError)) throw error;
        deps.logger.error('profile', `${candidate.id}: skipped: ${error.message}`);
        skipped.push({ id: candidate.id, reason: error.reason, file: error.file });
        continue;
      }
      deps.logger.info(
        'profile',
        `${several ? `${candidate.id}: ` : ''}${profile.name}: ${profile.work.length} roles, ${profile.skills.length} skills; target roles: ${profile.targetRoles.join(', ')}`,
      );
      const dir = several ? path.join(runDir, candidate.id) : runDir;
      await cleanPartials(dir);
      const seed = candidate.id === 'default' && !several ? boards.legacyHandled : {};
      const handled = await openHandledStore(
        handledFile(config.state_file, candidate.id),
        () => deps.clock.now(),
        seed,
      );
      runs.push({
        candidate,
        dir,
        profile,
        matcher: createMatcher(profile, candidate, { skipBelow: candidate.min_score }),
        generator: createGenerator({ llm: candidate.llm, cacheDir: config.cache_dir }, deps),
        handled,
        ledger: new RunLedger(deps.clock, progress),
        logger: deps.logger,
        several,
        earlier: (await listCompleteApplications(dir)).applications,
      });
    }
  } catch (error) {
    await Promise.all(runs.map((run) => run.handled.close()));
    throw error;
  }
  return { runs, skipped };
}

/**
 * A continued run also lists what its killed attempts wrote in the same folder, so that its
 * summary and review page cover the whole run, not the last attempt alone.
 */
export async function adoptEarlierAttempts(run: CandidateRun): Promise<void> {
  const mine = new Set(run.ledger.applications.map((a) => a.id));
  for (const { record, folder } of run.earlier) {
    if (mine.has(record.id)) continue;
    const letter = await readFile(path.join(run.dir, folder, COVER_LETTER_FILE), 'utf8').catch(() => null);
    run.ledger.adopt(record, folder, letter);
  }
}

import type { StageDeps } from '../app/context.js';
import type { CandidateConfig } from '../config/schema.js';
import { dedupe, scoreListing, selectJobs } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import type { CompanyScrape, JobListing } from '../sources/types.js';
import { type BoardStore, boardKey } from '../stores/board-store.js';
import type { CandidateRun } from './candidates.js';

/** A board that had at least this many jobs and now has none is flagged: likely a site change. */
const VANISHED_BOARD_MIN = 3;

/** One board's answer as every candidate sees it: its listings (the last ones when unchanged). */
export interface BoardOutcome {
  scrape: CompanyScrape;
  listings: JobListing[];
  closed: JobListing[];
  warning: string | null;
}

/**
 * One board, once for the run: remember its answer in the shared board store, reuse the last
 * listings when it says "not modified", tell closed postings apart, flag a board that emptied.
 */
export async function recordBoard(
  scrape: CompanyScrape,
  boards: BoardStore,
  deps: Pick<StageDeps, 'logger'>,
): Promise<BoardOutcome> {
  if (scrape.error) return { scrape, listings: [], closed: [], warning: null };
  const key = boardKey(scrape.company);
  const before = await boards.previous(key);
  const listings = scrape.unchanged ? (before?.listings ?? []) : scrape.listings;
  let warning: string | null = null;
  // Unchanged, but the snapshot that held its listings could not be read after all (the run
  // checked only that it was there): no validators are kept, so the next run reads it in full.
  const lost = scrape.unchanged && !before?.validators;
  if (lost) {
    warning = `${scrape.company}: the board is unchanged but its saved listings could not be read; its jobs are skipped this run and read in full next run`;
    deps.logger.warn('scrape', warning);
  }
  if (!scrape.unchanged && listings.length === 0 && (before?.count ?? 0) >= VANISHED_BOARD_MIN) {
    warning = `${scrape.company}: 0 jobs where the last run saw ${before?.count}; the site may have changed (check its URL and kind)`;
    deps.logger.warn('scrape', warning);
  }
  const { closed } = await boards.record(key, {
    ...(scrape.validators && !lost ? { validators: scrape.validators } : {}),
    listings,
    durationMs: scrape.durationMs,
  });
  return { scrape, listings, closed, warning };
}

/**
 * One candidate's pick of one company's listings, as soon as they are in: score, merge
 * duplicates, and choose this company's best jobs on the candidate's own terms.
 */
export function selectForCandidate(
  board: BoardOutcome,
  run: CandidateRun,
  force: boolean,
  declined?: (candidate: string, jobId: string) => boolean,
): ScoredJob[] {
  const { scrape, listings } = board;
  const { ledger, candidate } = run;
  const summary = ledger.company(scrape.company);
  summary.kind = scrape.kind;
  summary.unchanged = scrape.unchanged;
  summary.warnings.push(...scrape.warnings);
  ledger.scraped(listings.length, scrape.error !== null, scrape.durationMs);
  if (scrape.error) {
    summary.error = scrape.error.message;
    ledger.fail(scrape.company, null, 'scrape', scrape.error.reason, scrape.error.code);
    return [];
  }
  if (board.warning) ledger.warnings.push(board.warning);
  for (const job of board.closed) ledger.closed.push({ id: job.id, company: job.company, title: job.title });
  summary.listings = listings.length;
  ledger.listings += listings.length;

  const started = performance.now();
  const scored = listings.map((listing) => scoreListing(run.matcher, listing));
  const result = selectJobs(dedupe(scored), {
    minScore: candidate.min_score,
    topPerCompany: candidate.top_per_company,
    isHandled: (id) => declined?.(candidate.id, id) === true || (!force && run.handled.isHandled(id)),
  });
  ledger.count('match', listings.length, result.selected.length, performance.now() - started);
  summary.selected = result.selected.length;
  run.logger.info(
    'filter',
    `${who(candidate, run.several)}${scrape.company}: ${result.selected.length} selected of ${listings.length}` +
      ` (${result.belowMin} below ${candidate.min_score}, ${result.excluded} excluded, ${result.handledBefore} done before)`,
  );
  return result.selected;
}

/** `dana: ` before a line about one candidate, when the run has several. */
export const who = (candidate: Pick<CandidateConfig, 'id'>, several: boolean): string =>
  several ? `${candidate.id}: ` : '';

import type { Config } from '../config/schema.js';
import { describeError } from '../errors.js';
import type { Deps } from '../infra/deps.js';
import type { Matcher } from '../match/index.js';
import { dedupe, selectJobs } from '../match/index.js';
import type { ScoredJob } from '../match/types.js';
import type { StateStore } from '../output/index.js';
import type { CompanyScrape } from '../sources/types.js';
import type { RunLedger } from './ledger.js';
import type { RunOptions } from './run.js';

export interface CompanyOutcome {
  company: string;
  selected: ScoredJob[];
}

export interface CompanyFlowContext {
  config: Config;
  options: RunOptions;
  state: StateStore;
  ledger: RunLedger;
  matcher: Matcher;
  deps: Deps;
}

/** A board that had at least this many jobs and now has none is flagged: likely a site change. */
const VANISHED_BOARD_MIN = 3;

/**
 * One company's listings, as soon as they are in: remember the board (closed jobs, validators),
 * score, merge duplicates, and pick this company's best jobs. Only the company itself is waited for.
 */
export async function selectForCompany(
  scrape: CompanyScrape,
  ctx: CompanyFlowContext,
): Promise<CompanyOutcome> {
  const { ledger, state, deps, config } = ctx;
  const summary = ledger.company(scrape.company);
  summary.kind = scrape.kind;
  summary.unchanged = scrape.unchanged;
  summary.warnings.push(...scrape.warnings);
  if (scrape.error) {
    summary.error = describeError(scrape.error);
    ledger.fail(scrape.company, null, 'scrape', summary.error);
    return { company: scrape.company, selected: [] };
  }
  const key = scrape.company.toLowerCase();
  const before = state.board(key);
  const listings = scrape.unchanged ? (before?.listings ?? []) : scrape.listings;
  if (!scrape.unchanged && listings.length === 0 && (before?.lastCount ?? 0) >= VANISHED_BOARD_MIN) {
    const warning = `${scrape.company}: 0 jobs where the last run saw ${before?.lastCount}; the site may have changed (check its URL and kind)`;
    ledger.warnings.push(warning);
    deps.logger.warn('scrape', warning);
  }
  const { closed } = await state.recordBoard(key, { validators: scrape.validators, listings });
  for (const job of closed) ledger.closed.push({ id: job.id, company: job.company, title: job.title });
  summary.listings = listings.length;
  ledger.listings += listings.length;

  const started = performance.now();
  const scored: ScoredJob[] = listings.map((listing) => ({
    listing,
    score: ctx.matcher.score(listing, undefined),
    duplicates: [],
  }));
  const result = selectJobs(dedupe(scored), {
    minScore: config.min_score,
    topPerCompany: config.top_per_company,
    isHandled: ctx.options.force ? () => false : (id) => state.isHandled(id),
  });
  ledger.count('match', listings.length, result.selected.length, performance.now() - started);
  summary.selected = result.selected.length;
  deps.logger.info(
    'filter',
    `${scrape.company}: ${result.selected.length} selected of ${listings.length}` +
      ` (${result.belowMin} below ${config.min_score}, ${result.excluded} excluded, ${result.handledBefore} done before)`,
  );
  return { company: scrape.company, selected: result.selected };
}

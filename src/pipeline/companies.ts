import type { CandidateConfig, CompanyConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { shardCompanies } from '../output/index.js';
import type { MatchOptions } from './run.js';

/** The companies this run scrapes: `--company` names (any case), then this shard's stable share. */
export function pickCompanies(
  companies: CompanyConfig[],
  options: Pick<MatchOptions, 'companies' | 'shard'>,
): CompanyConfig[] {
  let picked = companies;
  if (options.companies.length > 0) {
    const wanted = new Set(options.companies.map((n) => n.toLowerCase()));
    const unknown = options.companies.filter(
      (n) => !companies.some((c) => c.name.toLowerCase() === n.toLowerCase()),
    );
    if (unknown.length > 0) {
      throw new UsageError(
        `--company ${unknown.map((n) => `"${n}"`).join(', ')}: not in the config; configured companies: ${companies.map((c) => c.name).join(', ')}`,
      );
    }
    picked = companies.filter((c) => wanted.has(c.name.toLowerCase()));
  }
  if (options.shard) picked = shardCompanies(picked, options.shard.index, options.shard.count);
  return picked;
}

/** The candidates this run is for: `--candidate` ids, or all. */
export function pickCandidates(candidates: CandidateConfig[], ids: string[]): CandidateConfig[] {
  if (ids.length === 0) return candidates;
  const unknown = ids.filter((id) => !candidates.some((c) => c.id === id));
  if (unknown.length > 0) {
    throw new UsageError(
      `--candidate ${unknown.map((id) => `"${id}"`).join(', ')}: not in the config; configured candidates: ${candidates.map((c) => c.id).join(', ')}`,
    );
  }
  return candidates.filter((c) => ids.includes(c.id));
}

/**
 * The order boards are started in: those never timed first (in config order; any of them may be
 * slow), then the rest slowest first by their last run's duration. With a fixed number of slots,
 * a slow board started last keeps the run going after every other slot has emptied; started
 * first, it overlaps the fast ones (longest-processing-time-first scheduling). A board's time
 * barely changes between runs, so every scheduled run after the first benefits.
 */
export function scrapeOrder(
  companies: readonly CompanyConfig[],
  lastDurationMs: (company: CompanyConfig) => number | undefined,
): CompanyConfig[] {
  const timed = companies.map((company, index) => ({ company, index, ms: lastDurationMs(company) }));
  return timed
    .sort((a, b) => {
      if (a.ms === undefined || b.ms === undefined) {
        return a.ms === b.ms ? a.index - b.index : a.ms === undefined ? -1 : 1;
      }
      return b.ms - a.ms || a.index - b.index;
    })
    .map((t) => t.company);
}

import { createHash } from 'node:crypto';
import type { JobListing } from '../sources/types.js';
import { expandTokens, foldText } from './normalize.js';
import { descriptionText } from './text.js';
import type { ScoredJob } from './types.js';

/**
 * One application per job. Listings of one company with the same title (seniority included,
 * location words in the title ignored) are the same job when nothing says otherwise:
 *
 * - same listing id or URL: the same posting listed twice;
 * - different requisition ids, departments or description fingerprints: distinct jobs, never merged;
 * - same requisition id, or same description fingerprint: the same job (reposted, other cities);
 * - no evidence either way: merged only when the locations differ (one job offered in several
 *   cities); with the same locations they stay apart, because merging two real jobs costs an
 *   application while a duplicate only costs a second look.
 *
 * The best-scoring listing represents the group, with the union of all locations.
 */

interface Facts {
  job: ScoredJob;
  url: string;
  requisition: string | null;
  department: string | null;
  fingerprint: string | null;
  locations: string;
}

/** Ids like "See Opening ID" or "N/A" say nothing; a real one has a digit and is short. */
function usableRequisition(id: string | null): string | null {
  if (id === null) return null;
  const trimmed = id.trim().toLowerCase();
  return /\d/.test(trimmed) && trimmed.length <= 40 ? trimmed : null;
}

function locationWords(listing: JobListing): Set<string> {
  return new Set(listing.locations.flatMap((l) => foldText(l).split(' ')).filter(Boolean));
}

/** The title's words minus those naming the listing's own city ("Backend Engineer - Berlin"). */
function titleKey(listing: JobListing): string {
  const places = locationWords(listing);
  const words = expandTokens(foldText(listing.title)).filter((w) => !places.has(w));
  return `${foldText(listing.company)}\u0000${words.join(' ')}`;
}

/** Hash of the description's words, without the listing's own place names (multi-city copies name their city). */
function fingerprint(listing: JobListing): string | null {
  if (!listing.description || listing.description.content.trim() === '') return null;
  const places = locationWords(listing);
  const words = foldText(descriptionText(listing.description))
    .split(' ')
    .filter((w) => w !== '' && !places.has(w));
  if (words.length === 0) return null;
  return createHash('sha1').update(words.join(' ')).digest('base64url');
}

function factsOf(job: ScoredJob): Facts {
  const { listing } = job;
  return {
    job,
    url: listing.url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .toLowerCase(),
    requisition: usableRequisition(listing.requisitionId),
    department: listing.department ? foldText(listing.department) : null,
    fingerprint: fingerprint(listing),
    locations: listing.locations.map(foldText).sort().join('|'),
  };
}

/** Evidence that two listings are different jobs. */
function distinct(a: Facts, b: Facts): boolean {
  if (a.requisition && b.requisition && a.requisition !== b.requisition) return true;
  if (a.department && b.department && a.department !== b.department) return true;
  return a.fingerprint !== null && b.fingerprint !== null && a.fingerprint !== b.fingerprint;
}

function same(a: Facts, b: Facts): boolean {
  if (a.job.listing.id === b.job.listing.id || a.url === b.url) return true;
  if (distinct(a, b)) return false;
  if (a.requisition && a.requisition === b.requisition) return true;
  if (a.fingerprint && a.fingerprint === b.fingerprint) return true;
  return a.locations !== b.locations;
}

/** Best first: score, then more keywords, then newer, then id, so the representative is stable. */
export function compareScored(a: ScoredJob, b: ScoredJob): number {
  return (
    b.score.total - a.score.total ||
    b.score.matchedKeywords.length - a.score.matchedKeywords.length ||
    (b.listing.postedAt ?? '').localeCompare(a.listing.postedAt ?? '') ||
    a.listing.id.localeCompare(b.listing.id)
  );
}

function merge(group: Facts[]): ScoredJob {
  const [head, ...rest] = group.map((f) => f.job) as [ScoredJob, ...ScoredJob[]];
  const locations: string[] = [];
  const seen = new Set<string>();
  for (const job of [head, ...rest]) {
    for (const location of job.listing.locations) {
      const key = foldText(location);
      if (!seen.has(key)) {
        seen.add(key);
        locations.push(location);
      }
    }
  }
  const duplicates = [...head.duplicates];
  for (const job of rest) duplicates.push(job.listing, ...job.duplicates);
  return rest.length === 0 ? head : { ...head, listing: { ...head.listing, locations }, duplicates };
}

/** Merges duplicate postings; the result is in the input's order of first appearance of each group. */
export function dedupe(scored: ScoredJob[]): ScoredJob[] {
  const byTitle = new Map<string, Facts[]>();
  for (const job of scored) {
    const key = titleKey(job.listing);
    const list = byTitle.get(key);
    if (list) list.push(factsOf(job));
    else byTitle.set(key, [factsOf(job)]);
  }
  const representative = new Map<ScoredJob, ScoredJob>();
  for (const members of byTitle.values()) {
    const ordered = [...members].sort((a, b) => compareScored(a.job, b.job));
    const groups: Facts[][] = [];
    for (const facts of ordered) {
      // Joins a group only when it is the same job as its first member and no member contradicts it.
      const home = groups.find((g) => same(g[0]!, facts) && g.every((m) => !distinct(m, facts)));
      if (home) home.push(facts);
      else groups.push([facts]);
    }
    for (const group of groups) {
      const merged = merge(group);
      representative.set(group[0]!.job, merged);
    }
  }
  return scored.flatMap((job) => {
    const merged = representative.get(job);
    return merged ? [merged] : [];
  });
}

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

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/** Hash of the description's words, without the listing's own place names (multi-city copies name their city). */
function fingerprint(listing: JobListing): string | null {
  if (!listing.description || listing.description.content.trim() === '') return null;
  const places = locationWords(listing);
  // Lower case and word splitting are enough to compare copies; full folding costs 3x more.
  const words = descriptionText(listing.description)
    .toLowerCase()
    .split(WORD_SPLIT)
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

/** Positive evidence that two listings are one job. */
function provenSame(a: Facts, b: Facts): boolean {
  if (a.job.listing.id === b.job.listing.id || a.url === b.url) return true;
  if (a.requisition && a.requisition === b.requisition) return true;
  return a.fingerprint !== null && a.fingerprint === b.fingerprint;
}

/**
 * Whether a listing joins a group: never against evidence; with evidence tying it to any member;
 * without evidence only when its locations differ from every member's (another city of one job).
 */
function joins(group: readonly Facts[], facts: Facts): boolean {
  if (group.some((m) => distinct(m, facts) && m.job.listing.id !== facts.job.listing.id)) return false;
  if (group.some((m) => provenSame(m, facts))) return true;
  return group.every((m) => m.locations !== facts.locations);
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

interface Group {
  order: number;
  members: Facts[];
}

/** Appends to `map[key]`, creating the list. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Groups one title's listings (best first) into jobs. A group holding another requisition id or
 * another fingerprint can never take the listing, so only groups sharing its id or fingerprint, or
 * lacking one, are tried: big employers list hundreds of same-title requisitions.
 */
function groupSameJobs(ordered: readonly Facts[]): Facts[][] {
  const groups: Group[] = [];
  const byRequisition = new Map<string, Group[]>();
  const byFingerprint = new Map<string, Group[]>();
  const withoutRequisition = new Set<Group>();
  const withoutFingerprint = new Set<Group>();

  const candidates = (facts: Facts): Group[] => {
    const sameReq = facts.requisition ? (byRequisition.get(facts.requisition) ?? []) : [];
    const sameFp = facts.fingerprint ? (byFingerprint.get(facts.fingerprint) ?? []) : [];
    let open: Iterable<Group>;
    if (facts.requisition && facts.fingerprint) {
      open = [...withoutRequisition].filter((g) => withoutFingerprint.has(g));
    } else if (facts.requisition) open = withoutRequisition;
    else if (facts.fingerprint) open = withoutFingerprint;
    else open = groups;
    return [...new Set([...sameReq, ...sameFp, ...open])].sort((a, b) => a.order - b.order);
  };

  const index = (group: Group, facts: Facts): void => {
    if (facts.requisition) {
      if (withoutRequisition.delete(group) || !byRequisition.get(facts.requisition)?.includes(group)) {
        push(byRequisition, facts.requisition, group);
      }
    }
    if (facts.fingerprint) {
      if (withoutFingerprint.delete(group) || !byFingerprint.get(facts.fingerprint)?.includes(group)) {
        push(byFingerprint, facts.fingerprint, group);
      }
    }
  };

  for (const facts of ordered) {
    let home = candidates(facts).find((g) => joins(g.members, facts));
    if (home) home.members.push(facts);
    else {
      home = { order: groups.length, members: [facts] };
      groups.push(home);
      if (!facts.requisition) withoutRequisition.add(home);
      if (!facts.fingerprint) withoutFingerprint.add(home);
    }
    index(home, facts);
  }
  return groups.map((g) => g.members);
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
    for (const group of groupSameJobs(ordered)) {
      const merged = merge(group);
      representative.set(group[0]!.job, merged);
    }
  }
  return scored.flatMap((job) => {
    const merged = representative.get(job);
    return merged ? [merged] : [];
  });
}

import type { JobListing } from '../sources/types.js';
import { isLetterOrDigit } from './keywords.js';
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
function titleKey(listing: JobListing, places: ReadonlySet<string>): string {
  const words = expandTokens(foldText(listing.title)).filter((w) => !places.has(w));
  return `${foldText(listing.company)}\u0000${words.join(' ')}`;
}

/**
 * Hash of the description's words, without the listing's own place names (multi-city copies name
 * their city). Lower case and word splitting are enough to compare copies. One pass over the
 * text into two 32-bit FNV-1a hashes: splitting into word strings, joining them and SHA-1 cost
 * a third of a 30,000-listing scan's CPU and most of its garbage, and a 64-bit hash compared
 * within one company's same-title listings has no practical collisions.
 */
function fingerprint(listing: JobListing, places: ReadonlySet<string>): string | null {
  if (!listing.description || listing.description.content.trim() === '') return null;
  const text = descriptionText(listing.description).toLowerCase();
  const placeLengths = new Set([...places].map((p) => p.length));
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let words = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && !isLetterOrDigit(text.charCodeAt(i))) i++;
    const start = i;
    while (i < length && isLetterOrDigit(text.charCodeAt(i))) i++;
    if (i === start) break;
    if (placeLengths.has(i - start) && places.has(text.slice(start, i))) continue;
    // A space between words, as in the words joined by spaces.
    if (words > 0) {
      a = Math.imul(a ^ 32, 0x01000193);
      b = Math.imul(b ^ 32, 0x5bd1e995);
    }
    for (let j = start; j < i; j++) {
      const code = text.charCodeAt(j);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
    words++;
  }
  if (words === 0) return null;
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

function factsOf(job: ScoredJob, places: ReadonlySet<string>): Facts {
  const { listing } = job;
  // Hashed on first use: requisition ids and departments often tell two listings apart first.
  let print: string | null | undefined;
  return {
    job,
    url: listing.url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .toLowerCase(),
    requisition: usableRequisition(listing.requisitionId),
    department: listing.department ? foldText(listing.department) : null,
    get fingerprint() {
      if (print === undefined) print = fingerprint(listing, places);
      return print;
    },
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

/**
 * Code-unit order: ISO dates and ids need no collation, and localeCompare costs ~1 µs a call plus
 * ~20 ms to load ICU's collator on the first, in a sort over every listing of a run.
 */
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Best first: score, then more keywords, then newer, then id, so the representative is stable. */
export function compareScored(a: ScoredJob, b: ScoredJob): number {
  return (
    b.score.total - a.score.total ||
    b.score.matchedKeywords.length - a.score.matchedKeywords.length ||
    ordinal(b.listing.postedAt ?? '', a.listing.postedAt ?? '') ||
    ordinal(a.listing.id, b.listing.id)
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
  if (ordered.length <= SMALL_TITLE_GROUP) return groupByScan(ordered);
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

/** Up to this many listings of one title, every group is tried in turn instead of the indexes. */
const SMALL_TITLE_GROUP = 16;

/**
 * groupSameJobs for a few listings: the first group (in order) that takes each listing, as the
 * indexed search finds it (groups it skips could never take the listing), but without reading
 * every fingerprint up front.
 */
function groupByScan(ordered: readonly Facts[]): Facts[][] {
  const groups: Facts[][] = [];
  for (const facts of ordered) {
    const home = groups.find((members) => joins(members, facts));
    if (home) home.push(facts);
    else groups.push([facts]);
  }
  return groups;
}

/** Merges duplicate postings; the result is in the input's order of first appearance of each group. */
export function dedupe(scored: ScoredJob[]): ScoredJob[] {
  const byTitle = new Map<string, Array<{ job: ScoredJob; places: Set<string> }>>();
  for (const job of scored) {
    const places = locationWords(job.listing);
    push(byTitle, titleKey(job.listing, places), { job, places });
  }
  const representative = new Map<ScoredJob, ScoredJob>();
  for (const members of byTitle.values()) {
    // A title listed once is its own job: its facts (a hash of the whole description) would
    // decide nothing, and most listings of a scan are such.
    if (members.length === 1) {
      representative.set(members[0]!.job, members[0]!.job);
      continue;
    }
    const ordered = members.map((m) => factsOf(m.job, m.places)).sort((a, b) => compareScored(a.job, b.job));
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

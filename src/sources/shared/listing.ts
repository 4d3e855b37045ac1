import type { JobListing } from '../types.js';
import type { BoardRef } from './records.js';

export type ListingFields = Omit<JobListing, 'id' | 'kind' | 'board' | 'company'>;

/** A JobListing with the stable id `${kind}:${board}:${jobId}`. */
export function makeListing(ref: BoardRef, fields: ListingFields): JobListing {
  return {
    id: `${ref.kind}:${ref.board}:${fields.jobId}`,
    kind: ref.kind,
    board: ref.board,
    company: ref.company,
    ...fields,
  };
}

/** ISO 8601 in UTC from an ISO string with any offset or epoch milliseconds; null if unusable. */
export function isoOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Trimmed, inner whitespace collapsed; null when nothing is left. */
export function cleanOrNull(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** Distinct non-empty cleaned strings, in order. */
export function cleanList(values: ReadonlyArray<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const text = cleanOrNull(v);
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * Boards without a remote flag often say so in the location ("Remote (United States)"). A hit is
 * a yes; no hit is "the board does not say", not a no.
 */
export function remoteFromLocations(locations: readonly string[]): true | null {
  return locations.some((l) => /\bremote\b/i.test(l)) ? true : null;
}

import { placeText } from '../sources/jsonld/parse.js';
import type { JobPosting } from '../sources/jsonld/schema.js';
import { pathSegments } from '../sources/shared/board-url.js';
import type { JobListing } from '../sources/types.js';

/**
 * The listing a posting URL names among its board's listings: the same URL, else the one whose
 * board id (or requisition id) is a segment of the URL's path or its gh_jid/jobId query.
 */
export function findPosting(listings: readonly JobListing[], url: URL): JobListing | null {
  const same = listings.find((l) => {
    try {
      return new URL(l.url).href === url.href;
    } catch {
      return false;
    }
  });
  if (same) return same;
  const parts = new Set([
    ...pathSegments(url),
    ...pathSegments(url).flatMap((segment) => segment.split('_')),
    ...['gh_jid', 'jobId', 'id'].flatMap((key) => url.searchParams.getAll(key)),
  ]);
  return (
    listings.find((l) => parts.has(l.jobId)) ??
    listings.find((l) => l.requisitionId !== null && parts.has(l.requisitionId)) ??
    null
  );
}

/** A JobPosting's fields as the job document keeps them. */
export function postingFields(posting: JobPosting) {
  const org = posting.hiringOrganization;
  const company = typeof org === 'string' ? org : (org?.name ?? null);
  const places = [posting.jobLocation ?? []]
    .flat()
    .map((place) => placeText(place))
    .filter((p): p is string => Boolean(p));
  const types = [posting.jobLocationType ?? []].flat();
  const employment = [posting.employmentType ?? []].flat();
  return {
    title: posting.title,
    company: company?.trim() || null,
    locations: places,
    remote: types.some((t) => /telecommute/i.test(t)) ? true : null,
    employmentType: employment.length > 0 ? employment.join(', ') : null,
  };
}

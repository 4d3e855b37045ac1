import { createHash } from 'node:crypto';

/**
 * Identity for the page kinds (jsonld, html, browser), whose boards have no API name and whose
 * jobs often carry no id: the board is named by its page, a job by its link or its content.
 */

/** The board of a careers page: host and path, without port, query or trailing slash. */
export function pageBoard(pageUrl: string): string {
  const url = new URL(pageUrl);
  return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * A job id from its posting URL: the last path segment when it holds a digit (`/jobs/4012`,
 * `.../Senior-Engineer_R246118`), else the whole path and query, which is unique on one site.
 */
export function jobIdFromUrl(url: string): string {
  const parsed = new URL(url);
  // Single-page apps that route in the fragment (`/#/jobs/4012`) keep the job's path there.
  const hashRoute = /^#!?(\/.*)$/.exec(parsed.hash)?.[1];
  const path = hashRoute ?? parsed.pathname;
  const search = hashRoute === undefined ? parsed.search : '';
  const last = path.split('/').filter(Boolean).at(-1) ?? '';
  if (/\d/.test(last) && !search) return decodeSegment(last);
  return `${path}${search}`;
}

/** Query parameters that carry a job's id on common boards (`?gh_jid=`, `?jobId=`). */
const ID_PARAMS = ['gh_jid', 'jobid', 'job_id', 'jid', 'id', 'req', 'reqid', 'requisitionid'];

/**
 * The id a posting URL carries, or null: an id-like query parameter, else the last path segment
 * that holds a digit (`/jobs/75243/job` -> "75243", `.../Engineer_R246118` -> "R246118").
 */
export function idInUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  for (const [key, value] of parsed.searchParams) {
    if (ID_PARAMS.includes(key.toLowerCase()) && /\d/.test(value)) return value;
  }
  const segment = parsed.pathname
    .split('/')
    .filter((s) => /\d/.test(s))
    .at(-1);
  if (segment === undefined) return null;
  const decoded = decodeSegment(segment);
  // "Senior-Engineer_R246118": Workday names the job before the requisition.
  return /_([A-Za-z0-9-]*\d[A-Za-z0-9-]*)$/.exec(decoded)?.[1] ?? decoded;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** For a job with neither id nor link: a short hash of what identifies it on the page. */
export function contentJobId(...parts: ReadonlyArray<string | null | undefined>): string {
  const key = parts.map((p) => (p ?? '').toLowerCase().replace(/\s+/g, ' ').trim()).join('\n');
  return `h-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * An absolute http(s) URL for `href` against `base`; null for `#...`, `javascript:`, `mailto:`.
 * The fragment is kept: some single-page apps route jobs in it.
 */
export function resolveHttpUrl(href: string | null | undefined, base: string): string | null {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.startsWith('#')) return null;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A listing page's identity for loop guards: the same page whatever its fragment says. */
export function pageKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

import { z } from 'zod';

/**
 * schema.org JobPosting descriptions, as posting pages embed them in
 * `<script type="application/ld+json">`: a single object, an array, or an `@graph`, mixed with
 * WebSite/Organization blocks, and sometimes with raw newlines inside strings (invalid JSON that
 * browsers and search engines accept anyway).
 */

/** Only what the fetch stage reads; the rest of the posting is the source's business. */
const JobPostingDescription = z.object({
  description: z.string(),
  url: z.string().optional(),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isJobPosting(node: Record<string, unknown>): boolean {
  const type = node['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && /(^|[/:])JobPosting$/.test(t));
}

/** Every object in a JSON-LD value: arrays and `@graph`s flattened. */
function flatten(value: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out);
  } else if (isObject(value)) {
    out.push(value);
    if (value['@graph'] !== undefined) flatten(value['@graph'], out);
  }
}

/** Strict JSON first; then with control characters (raw newlines in strings) made spaces. */
export function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

/**
 * The description of the JobPosting in these JSON-LD values: the one whose `url` is the page's
 * own when several are present, else the first with a non-blank description; null when none.
 */
export function jobPostingDescription(values: unknown[], pageUrl: string): string | null {
  const nodes: Record<string, unknown>[] = [];
  for (const value of values) flatten(value, nodes);
  const postings = nodes
    .filter(isJobPosting)
    .map((node) => JobPostingDescription.safeParse(node))
    .flatMap((r) => (r.success && r.data.description.trim() !== '' ? [r.data] : []));
  const own = postings.find((p) => p.url !== undefined && sameUrl(p.url, pageUrl));
  return (own ?? postings[0])?.description ?? null;
}

/** A description in a JSON body: a JobPosting anywhere in it, else a top-level text field. */
export function jsonDescription(
  value: unknown,
  pageUrl: string,
): { text: string; jobPosting: boolean } | null {
  const fromPosting = jobPostingDescription([value], pageUrl);
  if (fromPosting !== null) return { text: fromPosting, jobPosting: true };
  if (!isObject(value)) return null;
  for (const key of ['description', 'descriptionHtml', 'content', 'jobDescription']) {
    const field = value[key];
    if (typeof field === 'string' && field.trim() !== '') return { text: field, jobPosting: false };
  }
  return null;
}

function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a, b);
    const y = new URL(b);
    return x.host === y.host && x.pathname.replace(/\/$/, '') === y.pathname.replace(/\/$/, '');
  } catch {
    return false;
  }
}

import { z } from 'zod';
import { flattenNodes, isJobPostingType, ldJsonBlocks, parseLdJson } from '../sources/jsonld/blocks.js';

/**
 * schema.org JobPosting descriptions in posting pages and JSON answers. Finding and parsing the
 * ld+json blocks (lenient JSON, @graph, arrays, ItemList) is the jsonld source's; this module
 * only picks the posting and its description.
 */

/** Only what the fetch stage reads; the rest of the posting is the source's business. */
const JobPostingDescription = z.object({
  description: z.string(),
  url: z.string().optional(),
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parsed JSON, or undefined when even the lenient reading fails. */
export function parseLenient(text: string): unknown {
  try {
    return parseLdJson(text);
  } catch {
    return undefined;
  }
}

/** The JobPosting description in an HTML page's ld+json blocks (see jobPostingDescription). */
export function pageJobPostingDescription(html: string, pageUrl: string): string | null {
  return jobPostingDescription(
    ldJsonBlocks(html).map((block) => parseLenient(block.text)),
    pageUrl,
  );
}

/**
 * The description of the JobPosting in these JSON-LD values: the one whose `url` is the page's
 * own when several are present, else the first with a non-blank description; null when none.
 */
export function jobPostingDescription(values: unknown[], pageUrl: string): string | null {
  const postings = values
    .flatMap((value) => flattenNodes(value))
    .filter((node) => isJobPostingType(node['@type']))
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

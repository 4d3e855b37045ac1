import { decodeHTML } from 'entities';
import type { FetchedJob } from '../fetch/types.js';

/** What the generator reads of a job: who, what, and the description as plain text or Markdown. */
export interface JobText {
  company: string;
  title: string;
  description: string;
}

/** Tags dropped, block ends kept as line breaks, entities decoded once. */
function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
      .replace(/<(br|\/p|\/li|\/h[1-6]|\/div|\/ul|\/ol)\b[^>]*>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '- ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The fetched Markdown when there is one, else the listing's own description. */
export function jobText(job: FetchedJob): JobText {
  const listed = job.listing.description;
  const description =
    job.detail?.markdown ??
    (listed ? (listed.format === 'html' ? htmlToText(listed.content) : listed.content) : '');
  return { company: job.listing.company, title: job.listing.title, description };
}

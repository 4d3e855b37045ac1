import { z } from 'zod';

/** Trimmed with inner whitespace collapsed: element text comes with the markup's indentation. */
const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * One job as read from a careers page through the company's selectors, by Cheerio (html) or in
 * the page itself (browser). A record whose title element is missing or empty is not a job.
 */
export const PageItem = z.object({
  title: z
    .string({ error: 'no element matches selectors.title inside this item' })
    .transform(clean)
    .pipe(z.string().min(1, 'the selectors.title element has no text')),
  /** The link's href as written (relative or absolute); null when the item has no link. */
  href: z.string().nullable(),
  /** The text of every element matching selectors.location. */
  locations: z.array(z.string().transform(clean)),
  department: z.string().transform(clean).nullable(),
});
export type PageItem = z.infer<typeof PageItem>;

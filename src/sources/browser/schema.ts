import { z } from 'zod';

/**
 * What the extraction script returns from a live page: the page's base URL (relative links
 * resolve against it) and one raw record per `selectors.item` element. The records are checked
 * one by one later (PageItem); this only checks that the script's answer has the right envelope.
 */
export const ExtractedPage = z.object({
  baseUrl: z.string().min(1),
  items: z.array(z.unknown()),
});
export type ExtractedPage = z.infer<typeof ExtractedPage>;

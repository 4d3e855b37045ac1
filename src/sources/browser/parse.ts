import { pageItemsToListings } from '../html/parse.js';
import type { BoardRef, ParsedBoard } from '../shared/records.js';
import type { ExtractedPage } from './schema.js';

/**
 * Records read from a live page -> listings, through the html kind's mapping (the same selectors
 * mean the same listings in both kinds). A "load more" list is read again in full after each
 * click, so records already read are passed over here before they are parsed: their problems
 * would otherwise be counted once per click.
 */
export function parseExtracted(
  page: ExtractedPage,
  pageUrl: string,
  seen: Set<string>,
  ref: BoardRef,
): ParsedBoard & { newRecords: number } {
  const fresh = page.items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...pageItemsToListings(fresh, ref, { pageUrl, baseUrl: page.baseUrl }), newRecords: fresh.length };
}

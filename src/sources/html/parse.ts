import { type Cheerio, type CheerioAPI, type contains, load } from 'cheerio/slim';
import type { Selectors } from '../../config/schema.js';
import { cleanList, cleanOrNull, makeListing, workplaceFromLocations } from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { contentJobId, jobIdFromUrl, resolveHttpUrl } from './ids.js';
import { PageItem } from './schema.js';

/**
 * Careers pages read through the company's CSS selectors. The html kind extracts records with
 * Cheerio; the browser kind extracts the same records in the live page. Both turn them into
 * listings here, so a selector means the same thing in either kind.
 */

/** Cheerio's node type (from domhandler, which this project does not depend on directly). */
type AnyNode = Parameters<typeof contains>[0];

/** "Berlin, Germany / Remote" and "NYC | London": one element often lists several places. */
const LOCATION_SEPARATOR = /\s+[/|•·;]\s+|\s*\n\s*/;

export function splitLocations(texts: readonly string[]): string[] {
  return cleanList(texts.flatMap((t) => t.split(LOCATION_SEPARATOR)));
}

/** Where records were read: links resolve against the base URL, the page itself is the fallback link. */
export interface PageUrls {
  pageUrl: string;
  /** The page's <base href>, resolved; the page URL when it has none. */
  baseUrl: string;
}

/** A record that passed the PageItem schema as a listing. */
export function pageItemListing(item: PageItem, ref: BoardRef, urls: PageUrls): JobListing {
  const link = resolveHttpUrl(item.href, urls.baseUrl);
  const locations = splitLocations(item.locations);
  return makeListing(ref, {
    jobId: link ? jobIdFromUrl(link) : contentJobId(item.title, locations.join(' / ')),
    title: item.title,
    locations,
    workplace: workplaceFromLocations(locations),
    department: cleanOrNull(item.department),
    employmentType: null,
    // Without a link the careers page is the best page there is for the job.
    url: link ?? urls.pageUrl,
    postedAt: null,
    updatedAt: null,
    requisitionId: null,
    description: null,
  });
}

/** Extracted records (unvalidated: they come from a page) -> listings; bad records dropped and counted. */
export function pageItemsToListings(items: readonly unknown[], ref: BoardRef, urls: PageUrls): ParsedBoard {
  return parseRecords(items, PageItem, (item) => pageItemListing(item, ref, urls), 'item');
}

/** The first match of `selector` inside `scope`, or `scope` itself when it matches. */
function within($: CheerioAPI, scope: Cheerio<AnyNode>, selector: string): Cheerio<AnyNode> {
  const found = scope.find(selector).first();
  if (found.length > 0) return found;
  return scope.is(selector) ? scope : $([]);
}

/** The href of an element that is a link or holds one. */
function hrefOf(element: Cheerio<AnyNode>): string | null {
  if (element.length === 0) return null;
  return element.attr('href') ?? element.find('a[href]').first().attr('href') ?? null;
}

/** Records as the PageItem schema expects them, one per `selectors.item` element. */
export function extractPageItems($: CheerioAPI, selectors: Selectors): Record<string, unknown>[] {
  return $(selectors.item)
    .toArray()
    .map((node) => {
      const item = $(node);
      const title = within($, item, selectors.title);
      const link = selectors.link ? within($, item, selectors.link) : within($, item, 'a[href]');
      const department = selectors.department ? within($, item, selectors.department) : $([]);
      return {
        title: title.length > 0 ? title.text() : null,
        href: hrefOf(link),
        locations: selectors.location
          ? item
              .find(selectors.location)
              .toArray()
              .map((n) => $(n).text())
          : [],
        department: department.length > 0 ? department.text() : null,
      };
    });
}

export interface HtmlPage {
  parsed: ParsedBoard;
  /** Elements that matched `selectors.item`, valid or not. */
  itemCount: number;
  /** The next page's absolute URL, when `selectors.next_page` finds a link. */
  nextUrl: string | null;
}

/** One server-rendered careers page -> its listings and the link to the next page. */
export function parseHtmlPage(html: string, pageUrl: string, selectors: Selectors, ref: BoardRef): HtmlPage {
  const $ = load(html);
  // A <base href> changes what every relative link on the page means.
  const baseUrl = resolveHttpUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
  const items = extractPageItems($, selectors);
  const next = selectors.next_page ? hrefOf($(selectors.next_page).first()) : null;
  return {
    parsed: pageItemsToListings(items, ref, { pageUrl, baseUrl }),
    itemCount: items.length,
    nextUrl: resolveHttpUrl(next, baseUrl),
  };
}

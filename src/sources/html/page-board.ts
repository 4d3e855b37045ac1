import type { Selectors } from '../../config/schema.js';
import { ConfigError, SourceError } from '../../errors.js';
import { jobLimit, pageLimit } from '../shared/board-url.js';
import type { ParsedBoard } from '../shared/records.js';
import { BoardDigest } from '../shared/request.js';
import type { JobListing, ScrapeContext } from '../types.js';

/** What the selector kinds (html, browser) share: their selectors, page cap and job collection. */

/** Pages followed when neither the company nor its kind sets `max_pages`. */
export const DEFAULT_MAX_PAGES = 20;

/** The company's own `max_pages`, else its kind's, else 20. */
export function pageCap(ctx: ScrapeContext): number {
  const limit = pageLimit(ctx);
  return Number.isFinite(limit) ? limit : DEFAULT_MAX_PAGES;
}

/** The company's selectors, or a ConfigError that says what to add. */
export function requireSelectors(ctx: ScrapeContext, kind: 'html' | 'browser'): Selectors {
  const selectors = ctx.company.selectors;
  if (selectors) return selectors;
  throw new ConfigError(
    `companies: "${ctx.company.name}": selectors: required for kind "${kind}"; add to this company ` +
      '"selectors": {"item": "<CSS for one job>", "title": "<CSS for its title inside it>"} ' +
      '(optional: "link", "location", "department", "next_page"' +
      (kind === 'browser' ? ', "load_more", "wait_for")' : ')'),
  );
}

/**
 * The first page decides whether the selectors fit the site at all: no item at all, or items of
 * which none is a job, is a SourceError that names the selector to fix.
 */
export function checkFirstPage(
  ctx: ScrapeContext,
  url: string,
  page: { itemCount: number; parsed: ParsedBoard },
  noItemsHint: string,
): void {
  const selectors = ctx.company.selectors;
  if (page.itemCount === 0) {
    throw new SourceError(
      ctx.company.name,
      url,
      `no element matches selectors.item "${selectors?.item}"; ${noItemsHint}`,
    );
  }
  if (page.parsed.listings.length === 0) {
    throw new SourceError(
      ctx.company.name,
      url,
      `${page.itemCount} element(s) match selectors.item but none is a readable job (${page.parsed.warnings[0] ?? 'no detail'}); check selectors.title`,
    );
  }
}

/**
 * Listings gathered page by page: each job once (pages that shift or repeat), at most `maxJobs`,
 * with the skipped count and warnings of every page.
 */
export class ListingCollector {
  private readonly byId = new Map<string, JobListing>();
  private skipped = 0;
  private readonly warnings: string[] = [];

  constructor(private readonly maxJobs: number) {}

  /** Adds one page's result; returns how many of its listings were new. */
  add(parsed: ParsedBoard): number {
    this.skipped += parsed.skipped;
    this.warnings.push(...parsed.warnings);
    let fresh = 0;
    for (const listing of parsed.listings) {
      if (this.byId.has(listing.id) || this.full) continue;
      this.byId.set(listing.id, listing);
      fresh++;
    }
    return fresh;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  get size(): number {
    return this.byId.size;
  }

  get full(): boolean {
    return this.byId.size >= this.maxJobs;
  }

  result(): ParsedBoard {
    return { listings: [...this.byId.values()], skipped: this.skipped, warnings: [...this.warnings] };
  }

  digest(): string {
    return listingsDigest([...this.byId.values()]);
  }
}

/**
 * The content hash of a page board: a digest of its listings, not of its markup, which changes
 * (tokens, timestamps, ads) when the jobs do not.
 */
export function listingsDigest(listings: readonly JobListing[]): string {
  const digest = new BoardDigest();
  for (const listing of listings) digest.add(JSON.stringify(listing));
  return digest.hex();
}

/** Creates the collector for one company's board, honouring the kind's `max_jobs`. */
export const collectorFor = (ctx: ScrapeContext): ListingCollector => new ListingCollector(jobLimit(ctx));

import { SourceError } from '../../errors.js';
import { pageBoard } from '../html/ids.js';
import { listingsDigest } from '../html/page-board.js';
import { readPage } from '../html/page-request.js';
import type { BoardRef } from '../shared/records.js';
import { boardResult, notModifiedResult } from '../shared/request.js';
import type { JobSource, ScrapeContext, ScrapeResult } from '../types.js';

/** Any page that embeds schema.org JobPosting JSON-LD: one conditional GET, then the page's blocks. */
async function scrapeJsonLd(ctx: ScrapeContext): Promise<ScrapeResult> {
  const { company } = ctx;
  const answer = await readPage(ctx, company.url, true);
  if (answer.notModified) return notModifiedResult(ctx, answer.validators);
  const ref: BoardRef = {
    kind: 'jsonld',
    company: company.name,
    board: pageBoard(company.url),
    url: answer.url,
  };
  // The parser and cheerio under it are loaded when the first JSON-LD board is read.
  const { parseJsonLdPage } = await import('./parse.js');
  const page = parseJsonLdPage(answer.text, answer.url, ref);
  if (page.listings.length === 0) {
    const reason =
      page.postings === 0
        ? `no schema.org JobPosting found at ${company.url}; set "kind": "html" with "selectors": {"item", "title", "link"} (or "kind": "browser" for JS-rendered pages)`
        : `${page.postings} schema.org JobPosting(s) found at ${company.url} but none could be read (${page.warnings[0] ?? 'no detail'})`;
    throw new SourceError(company.name, company.url, reason);
  }
  const { listings, skipped, warnings } = page;
  return boardResult(ctx, { listings, skipped, warnings }, listingsDigest(listings), answer.validators);
}

export const jsonld: JobSource = {
  kind: 'jsonld',
  // Any page may embed JSON-LD, so no URL says "jsonld": detection falls back to it last.
  matches: () => false,
  scrape: scrapeJsonLd,
};

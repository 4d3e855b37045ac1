import { SourceError, throwIfCancelled } from '../../errors.js';
import type { BoardRef } from '../shared/records.js';
import { boardResult } from '../shared/request.js';
import type { JobSource, ScrapeContext, ScrapeResult } from '../types.js';
import { pageBoard, pageKey } from './ids.js';
import { checkFirstPage, collectorFor, pageCap, requireSelectors } from './page-board.js';
import { readPage } from './page-request.js';

/** The parser and cheerio under it, loaded when the first html board is read. */
const parser = () => import('./parse.js');

/**
 * A server-rendered careers page read with the company's CSS selectors, following
 * `selectors.next_page` up to `max_pages`, never reading one page twice.
 */
async function scrapeHtml(ctx: ScrapeContext): Promise<ScrapeResult> {
  const selectors = requireSelectors(ctx, 'html');
  const { company } = ctx;
  const ref: BoardRef = {
    kind: 'html',
    company: company.name,
    board: pageBoard(company.url),
    url: company.url,
  };
  const collector = collectorFor(ctx);
  const maxPages = pageCap(ctx);
  const visited = new Set<string>();
  let next: string | null = company.url;
  let pages = 0;
  while (next !== null) {
    const url: string = next;
    if (pages >= maxPages) {
      collector.warn(`stopped after ${pages} page(s) (max_pages ${maxPages}); ${url} was not read`);
      break;
    }
    if (visited.has(pageKey(url))) {
      collector.warn(`the next-page link leads back to ${url}, which was already read; stopped there`);
      break;
    }
    throwIfCancelled(ctx.deps.signal);
    const answer = await readPage(ctx, url);
    if (answer.notModified) throw new SourceError(company.name, url, 'unexpected 304 Not Modified');
    visited.add(pageKey(url)).add(pageKey(answer.url));
    const page = (await parser()).parseHtmlPage(answer.text, answer.url, selectors, {
      ...ref,
      url: answer.url,
    });
    pages++;
    if (pages === 1) {
      checkFirstPage(
        ctx,
        url,
        page,
        'check it against the page\'s HTML (or set "kind": "browser" if the jobs are rendered by JavaScript)',
      );
    }
    const fresh = collector.add(page.parsed);
    if (pages > 1 && page.parsed.listings.length > 0 && fresh === 0 && !collector.full) {
      collector.warn(`${url} lists only jobs already read (the pagination wraps around); stopped there`);
      break;
    }
    if (collector.full) break;
    next = page.nextUrl;
  }
  const parsed = collector.result();
  return boardResult(ctx, parsed, collector.digest());
}

export const html: JobSource = {
  kind: 'html',
  // Any site can be read this way, so it is chosen by configuration (a `kind` or `selectors`), never by URL.
  matches: () => false,
  scrape: scrapeHtml,
};

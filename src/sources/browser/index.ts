import type { BrowserContext, Locator, Page } from 'playwright';
import type { Selectors } from '../../config/schema.js';
import { CancelledError, describeError, SourceError, throwIfCancelled } from '../../errors.js';
import { loadPlaywright } from '../../infra/browser.js';
import { pageBoard, pageKey, resolveHttpUrl } from '../html/ids.js';
import {
  checkFirstPage,
  collectorFor,
  type ListingCollector,
  pageCap,
  requireSelectors,
} from '../html/page-board.js';
import type { BoardRef } from '../shared/records.js';
import { boardResult } from '../shared/request.js';
import type { JobSource, ScrapeContext, ScrapeResult } from '../types.js';
import { changedExpression, extractExpression, signatureExpression } from './extract.js';
import { ExtractedPage } from './schema.js';

/**
 * Careers pages that render their jobs with JavaScript, read in Chromium: one context per company
 * from the run's shared browser, the company's selectors read in the live page, "load more" and
 * "next" followed until no new jobs appear or `max_pages` is reached.
 */

interface Session {
  ctx: ScrapeContext;
  page: Page;
  selectors: Selectors;
  ref: BoardRef;
  collector: ListingCollector;
  /** Pages reached through next-page links, so a link back to one of them ends the walk. */
  visited: Set<string>;
}

function fail(ctx: ScrapeContext, url: string, reason: string, cause?: unknown): SourceError {
  return new SourceError(ctx.company.name, url, reason, cause === undefined ? undefined : { cause });
}

/** Playwright's timeout; the module is loaded by now (a page exists), so the import is cached. */
async function isTimeout(cause: unknown): Promise<boolean> {
  return cause instanceof (await loadPlaywright()).errors.TimeoutError;
}

async function open(session: Session, url: string): Promise<void> {
  const { ctx, page, selectors } = session;
  let status: number | undefined;
  try {
    status = (await page.goto(url, { waitUntil: 'domcontentloaded' }))?.status();
  } catch (cause) {
    throw fail(ctx, url, `the browser could not open the page: ${describeError(cause)}`, cause);
  }
  if (status !== undefined && status >= 400) throw fail(ctx, url, `the page answered HTTP ${status}`);
  session.visited.add(pageKey(page.url()));
  const waitFor = selectors.wait_for ?? selectors.item;
  const which = selectors.wait_for ? 'selectors.wait_for' : 'selectors.item';
  try {
    await page.waitForSelector(waitFor, { state: 'attached' });
  } catch (cause) {
    if (!(await isTimeout(cause))) throw cause;
    throw fail(
      ctx,
      url,
      `nothing matched ${which} "${waitFor}" within the browser timeout (browser.timeout_ms); check the selector against the rendered page`,
      cause,
    );
  }
}

async function extract(session: Session): Promise<ExtractedPage> {
  const answer: unknown = await session.page.evaluate(extractExpression(session.selectors));
  const parsed = ExtractedPage.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw fail(
    session.ctx,
    session.page.url(),
    'the page answered the item extraction with an unexpected shape',
    parsed.error,
  );
}

/** A control that can be used now: present, visible, enabled, not aria-disabled. */
async function usable(page: Page, selector: string): Promise<Locator | null> {
  const control = page.locator(selector).first();
  if ((await control.count()) === 0) return null;
  if (!(await control.isVisible()) || !(await control.isEnabled())) return null;
  return (await control.getAttribute('aria-disabled')) === 'true' ? null : control;
}

/** Clicks a control and waits until the list changes; false (with a warning) when it does not. */
async function clickAndWait(session: Session, control: Locator, label: string): Promise<boolean> {
  const { page, selectors } = session;
  const before: unknown = await page.evaluate(signatureExpression(selectors.item));
  await control.click();
  try {
    await page.waitForFunction(changedExpression(selectors.item, String(before)));
    return true;
  } catch (cause) {
    if (!(await isTimeout(cause))) throw cause;
    session.collector.warn(
      `clicked ${label} but the job list did not change within browser.timeout_ms; stopped there`,
    );
    return false;
  }
}

/** Moves to more jobs: "load more" first, then "next" (a link is opened, a button is clicked). */
async function advance(session: Session): Promise<boolean> {
  const { page, selectors } = session;
  if (selectors.load_more) {
    const more = await usable(page, selectors.load_more);
    if (more) return clickAndWait(session, more, `selectors.load_more "${selectors.load_more}"`);
  }
  if (!selectors.next_page) return false;
  const next = await usable(page, selectors.next_page);
  if (!next) return false;
  const target = resolveHttpUrl(await next.getAttribute('href'), page.url());
  if (target === null || pageKey(target) === pageKey(page.url())) {
    return clickAndWait(session, next, `selectors.next_page "${selectors.next_page}"`);
  }
  if (session.visited.has(pageKey(target))) {
    session.collector.warn(
      `the next-page link leads back to ${target}, which was already read; stopped there`,
    );
    return false;
  }
  await open(session, target);
  return true;
}

/** Whether the page still offers more jobs (for the max_pages warning). */
async function hasMore(session: Session): Promise<boolean> {
  const { page, selectors } = session;
  for (const selector of [selectors.load_more, selectors.next_page]) {
    if (selector && (await usable(page, selector))) return true;
  }
  return false;
}

async function readAll(session: Session): Promise<void> {
  const { ctx, collector, ref } = session;
  const maxPages = pageCap(ctx);
  const seen = new Set<string>();
  for (let round = 1; ; round++) {
    throwIfCancelled(ctx.deps.signal);
    const extracted = await extract(session);
    const pageUrl = session.page.url();
    // The html kind's mapping (with cheerio under it) is loaded by the first page read.
    const { parseExtracted } = await import('./parse.js');
    const parsed = parseExtracted(extracted, pageUrl, seen, { ...ref, url: pageUrl });
    if (round === 1) {
      checkFirstPage(
        ctx,
        pageUrl,
        { itemCount: extracted.items.length, parsed },
        'check it against the rendered page',
      );
    }
    collector.add(parsed);
    if (round > 1 && parsed.newRecords === 0) break;
    if (collector.full) break;
    if (round >= maxPages) {
      if (await hasMore(session))
        collector.warn(`stopped after ${round} page(s) (max_pages ${maxPages}); the board lists more`);
      break;
    }
    if (!(await advance(session))) break;
  }
}

async function newContext(ctx: ScrapeContext): Promise<BrowserContext> {
  try {
    return await ctx.deps.browser.newContext();
  } catch (cause) {
    throw fail(
      ctx,
      ctx.company.url,
      `cannot start the browser: ${describeError(cause)}; install Chromium or set browser.executable_path (or JOB_MATCHER_CHROMIUM)`,
      cause,
    );
  }
}

async function scrapeBrowser(ctx: ScrapeContext): Promise<ScrapeResult> {
  const selectors = requireSelectors(ctx, 'browser');
  throwIfCancelled(ctx.deps.signal);
  const { company } = ctx;
  const context = await newContext(ctx);
  // Ctrl-C closes the context, which ends whatever the page is waiting for at once.
  // Playwright's second close() returns at once while the first is still closing, so both paths
  // share one close and the scrape only settles once the context is really closed.
  let closing: Promise<void> | null = null;
  const closeContext = () => {
    closing ??= context.close().catch(() => undefined);
    return closing;
  };
  const onAbort = () => void closeContext();
  ctx.deps.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const session: Session = {
      ctx,
      page: await context.newPage(),
      selectors,
      ref: { kind: 'browser', company: company.name, board: pageBoard(company.url), url: company.url },
      collector: collectorFor(ctx),
      visited: new Set(),
    };
    await open(session, company.url);
    await readAll(session);
    const parsed = session.collector.result();
    return boardResult(ctx, parsed, session.collector.digest());
  } catch (error) {
    if (ctx.deps.signal.aborted) throw new CancelledError('cancelled', { cause: error });
    if (error instanceof SourceError || error instanceof CancelledError) throw error;
    throw fail(ctx, company.url, `browser: ${describeError(error)}`, error);
  } finally {
    ctx.deps.signal.removeEventListener('abort', onAbort);
    await closeContext();
  }
}

export const browser: JobSource = {
  kind: 'browser',
  // Chosen by configuration only: nothing in a URL says a page needs JavaScript.
  matches: () => false,
  scrape: scrapeBrowser,
};

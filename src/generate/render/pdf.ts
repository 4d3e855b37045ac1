import type { BrowserProvider } from '../../infra/browser.js';

/**
 * HTML to PDF with the run's Chromium: a fresh context per document, closed whatever happens. The
 * page never loads anything (no scripts, no network): the HTML is complete and self-contained, and
 * nothing in it may navigate the page away while it prints. A navigation that starts while
 * Chromium prints, even one the route below aborts, fails the print ("Printing failed"); without
 * scripts the only one a document can start itself is a `<meta http-equiv="refresh">`, so those
 * tags are taken out first.
 */
export async function htmlToPdf(html: string, browser: BrowserProvider): Promise<Uint8Array> {
  const content = await withoutHttpEquiv(html);
  const context = await browser.newContext({ javaScript: false });
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(content, { waitUntil: 'load' });
    return await page.pdf({ format: 'Letter', preferCSSPageSize: true, printBackground: false });
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** The document without `<meta http-equiv>` tags, found the way a browser parses them. */
async function withoutHttpEquiv(html: string): Promise<string> {
  // Our own templates never write one: skip the parse (and loading the parser) for them.
  if (!/http-equiv/i.test(html)) return html;
  const { load } = await import('cheerio');
  const $ = load(html);
  $('meta[http-equiv]').remove();
  return $.html();
}

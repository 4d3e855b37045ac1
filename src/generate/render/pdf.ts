import type { BrowserProvider } from '../../infra/browser.js';

/**
 * HTML to PDF with the run's Chromium: a fresh context per document, closed whatever happens. The
 * page never loads anything (no scripts, no network): the HTML is complete and self-contained.
 */
export async function htmlToPdf(html: string, browser: BrowserProvider): Promise<Uint8Array> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'Letter', preferCSSPageSize: true, printBackground: false });
  } finally {
    await context.close().catch(() => undefined);
  }
}

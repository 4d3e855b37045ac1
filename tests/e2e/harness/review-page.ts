import { pathToFileURL } from 'node:url';
import { BrowserConfig } from '../../../src/config/schema.js';
import { LazyBrowser } from '../../../src/infra/browser.js';

/** What a review page did when opened from disk in Chromium, as a user opens it. */
export interface ReviewPageFacts {
  /** Set by any hostile script that ran (they all write window.__pwned). */
  pwned: unknown;
  title: string;
  dialogs: number;
  scripts: number;
  /** `TAG onsomething` for every event handler attribute in the document. */
  handlers: string[];
  /** img, iframe, object and embed elements: things that would load or run. */
  embeds: number;
  /** The page's own script writes "N of M shown" here: proof that scripts do run. */
  shown: string;
  /** The main element's text. */
  text: string;
}

export async function inspectReviewPage(file: string): Promise<ReviewPageFacts> {
  const browser = new LazyBrowser(BrowserConfig.parse({}));
  try {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const facts = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        title: document.title,
        scripts: document.querySelectorAll('script').length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
        ),
        embeds: document.querySelectorAll('img, iframe, object, embed').length,
        shown: document.getElementById('shown')?.textContent ?? '',
        text: document.querySelector('main')?.textContent ?? '',
      }));
      return { ...facts, dialogs };
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

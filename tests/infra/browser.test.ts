import { afterEach, describe, expect, it } from 'vitest';
import { BrowserConfig } from '../../src/config/schema.js';
import { CHROMIUM_ENV, LazyBrowser, resolveExecutablePath } from '../../src/infra/browser.js';
import { MemoryLogger } from '../../src/infra/logger.js';

const opened: LazyBrowser[] = [];

function lazy(config: Partial<BrowserConfig> = {}, logger?: MemoryLogger): LazyBrowser {
  const browser = new LazyBrowser(BrowserConfig.parse({ timeout_ms: 20_000, ...config }), logger);
  opened.push(browser);
  return browser;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

describe('resolveExecutablePath', () => {
  const always = () => true;
  const never = () => false;

  it('prefers the config, then the environment, then Debian chromium, else Playwright', () => {
    const env = { [CHROMIUM_ENV]: '/opt/env-chromium' };
    expect(resolveExecutablePath({ executable_path: '/opt/config-chromium' }, env, always)).toBe(
      '/opt/config-chromium',
    );
    expect(resolveExecutablePath({}, env, always)).toBe('/opt/env-chromium');
    expect(resolveExecutablePath({}, {}, always)).toBe('/usr/bin/chromium');
    expect(resolveExecutablePath({}, { [CHROMIUM_ENV]: '' }, never)).toBeUndefined();
  });

  it('finds the chromium installed on this machine by default', () => {
    expect(resolveExecutablePath({}, {})).toBe('/usr/bin/chromium');
  });
});

describe('LazyBrowser', () => {
  it('does not launch until a context is asked for, then launches once for many contexts', async () => {
    const logger = new MemoryLogger();
    const browser = lazy({}, logger);
    expect(browser.started).toBe(false);
    expect(browser.launches).toBe(0);
    expect(logger.records).toEqual([]);

    const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
    expect(browser.started).toBe(true);
    expect(browser.launches).toBe(1);
    expect(a.browser()).toBe(b.browser());
    const page = await a.newPage();
    await page.setContent('<p id="x">ready</p>');
    expect(await page.textContent('#x')).toBe('ready');
    expect(logger.lines()).toEqual(['[browser] launching Chromium (/usr/bin/chromium)']);
    await Promise.all([a.close(), b.close()]);
  });

  it('close() is idempotent, closes the browser, and is a no-op when never started', async () => {
    const unused = lazy();
    await unused.close();
    await unused.close();
    expect(unused.launches).toBe(0);

    const browser = lazy();
    const context = await browser.newContext();
    const chromium = context.browser();
    expect(chromium?.isConnected()).toBe(true);
    await browser.close();
    expect(chromium?.isConnected()).toBe(false);
    expect(browser.started).toBe(false);
    await browser.close();
    expect(browser.launches).toBe(1);
  });

  it('keeps at most max_pages contexts open; the next waits for one to close', async () => {
    const browser = lazy({ max_pages: 1 });
    const first = await browser.newContext();
    let secondReady = false;
    const second = browser.newContext().then((context) => {
      secondReady = true;
      return context;
    });
    // Real work in the first context gives the second every chance to be (wrongly) granted.
    const page = await first.newPage();
    await page.setContent('<p>busy</p>');
    await page.evaluate('new Promise((resolve) => setTimeout(resolve, 50))');
    expect(secondReady).toBe(false);
    await first.close();
    const context = await second;
    expect(secondReady).toBe(true);
    expect(browser.launches).toBe(1);
    await context.close();
  });

  it('gives every user the same clear error when Chromium cannot be launched', async () => {
    const browser = lazy({ executable_path: '/nonexistent/chromium' });
    expect(browser.started).toBe(false);
    const errors = await Promise.all([
      browser.newContext().catch((e: unknown) => e),
      browser.newContext().catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(
        /^cannot launch \/nonexistent\/chromium: .+; install Chromium or set browser.executable_path \(or JOB_MATCHER_CHROMIUM\)$/,
      );
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    expect(browser.launches).toBe(1);
    await browser.close();
    await browser.close();
  });
});

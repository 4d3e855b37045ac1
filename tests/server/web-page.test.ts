import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/infra/browser.js';
import { FIXTURES, JOB_TEXT, type ServeHarness, serveHarness } from './harness.js';

let h: ServeHarness;
let browser: Browser;
let dir: string;
let resumes: string[];

beforeAll(async () => {
  // One item at a time and a slow model, so that the second task is still running when cancelled.
  h = await serveHarness({ serve: { item_concurrency: 1 }, llm: { latencyMs: 100 } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-web-'));
  // 100 different people: the same base resume with a different name and one more skill each.
  const base = await readFile(path.join(FIXTURES, 'sam-rivera.txt'), 'utf8');
  resumes = [];
  for (let i = 1; i <= 100; i++) {
    const file = path.join(dir, `person-${String(i).padStart(3, '0')}.txt`);
    await writeFile(file, `${base.replace('Sam Rivera', `Person ${i} Rivera`)}\nAlso: Skill${i}\n`);
    resumes.push(file);
  }
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the web page in Chromium', () => {
  it('sign in, upload 100 resumes, the bar reaches 100%, the ranking, the zip, cancel a second task', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const response = await page.goto(h.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.fill('#token', 'jm_000000000000_wrongwrongwrongwrong');
    await page.click('#signin-form button');
    await expect.poll(() => page.textContent('#signin-error')).toContain('Sign-in failed');
    await page.fill('#token', h.tokens.alice);
    await page.click('#signin-form button');
    await page.waitForSelector('#app:not([hidden])');
    // Kept in memory only (the box was not ticked), and never in the URL.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(page.url()).not.toContain('jm_');

    await page.setInputFiles('#resumes', resumes);
    await page.fill('#job_text', JOB_TEXT);
    await page.click('#start');
    const row = page.locator('tr.task-row').first();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 90_000 }).toBe('succeeded');
    expect(await row.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(1);
    expect(await row.locator('.count').textContent()).toContain('100/100');

    await row.click();
    await page.waitForSelector('#ranking:not([hidden])');
    expect(await page.locator('#ranking tbody tr').count()).toBe(100);
    expect(await page.locator('#ranking tbody tr').first().locator('td').nth(1).textContent()).toMatch(
      /Rivera/,
    );

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#zip')]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const saved = path.join(dir, 'download.zip');
    await download.saveAs(saved);
    expect((await stat(saved)).size).toBeGreaterThan(1000);
    expect((await readFile(saved)).subarray(0, 2).toString()).toBe('PK');

    // A second screening (another job, so not from the cache), cancelled from its page.
    await page.setInputFiles('#resumes', resumes);
    await page.fill('#job_text', `${JOB_TEXT}\n- Kubernetes and Terraform`);
    await page.check('#llm');
    await page.click('#start');
    await page.waitForSelector('#task:not([hidden])');
    await page.waitForSelector('#cancel:not([disabled])');
    const secondId = await page.textContent('#task-id');
    await page.click('#cancel');
    await expect.poll(() => page.textContent('#task-state')).toBe('cancelled');
    const record = (await (await h.call(`/api/tasks/${secondId}`)).json()) as {
      state: string;
      progress: { done: number };
    };
    expect(record.state).toBe('cancelled');
    expect(record.progress.done).toBeLessThan(100);
    expect(cspViolations).toEqual([]);
    await context.close();
  });
});

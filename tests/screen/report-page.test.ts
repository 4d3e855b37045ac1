import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyBrowser } from '../../src/infra/browser.js';
import { screen } from './harness.js';

const HOSTILE = `# <script>window.__pwned = 'name'</script> Mallory

## Summary
Go developer. <img src=x onerror="window.__pwned = 'img'"> <a href="javascript:window.__pwned='link'">click</a>

## Experience
### Engineer, <iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe> Corp
2019 - Present
- Built Go services on Kubernetes with PostgreSQL <svg onload="window.__pwned = 'svg'"></svg>

## Skills
Go, Kubernetes
`;

const JOB = `# Go Engineer <script>window.__pwned = 'job'</script>

## Requirements
- 5+ years of Go
- Kubernetes and PostgreSQL
`;

const HOSTILE_FILE = `"><img src=x onerror="window.__pwned='file'">.md`;
let folder: string;
let run: Awaited<ReturnType<typeof screen>>;
let browser: LazyBrowser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'jm-page-'));
  await writeFile(path.join(folder, 'mallory.md'), HOSTILE);
  await writeFile(
    path.join(folder, 'plain.md'),
    '# Sam Lee\n\n## Experience\n### Engineer, Acme\n2024 - Present\n- Java\n\n## Skills\nJava\n',
  );
  await writeFile(path.join(folder, 'broken.md'), '   \n');
  await writeFile(path.join(folder, HOSTILE_FILE), '# Eve Stone\n\n## Skills\nCOBOL\n');
  run = await screen({ job: JOB, resumes: folder });
  browser = new LazyBrowser({ headless: true, timeout_ms: 30_000, max_pages: 2 });
  context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pathToFileURL(path.join(run.out, 'index.html')).href);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await run?.cleanup();
  await rm(folder, { recursive: true, force: true });
});

describe('screening page in Chromium', () => {
  it('runs nothing from hostile job or resume text and shows it as text', async () => {
    for (const row of await page.locator('button.open').all()) await row.click();
    await page.click('text=click').catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    for (const tag of ['iframe', 'img', 'svg', 'main style'])
      expect(await page.locator(tag).count(), tag).toBe(0);
    expect(await page.locator('h1').textContent()).toContain("<script>window.__pwned = 'job'</script>");
    // The readers drop markup from resumes; what is left, and a hostile file name, is text.
    expect(await page.locator('main').textContent()).toContain(
      'Built Go services on Kubernetes with PostgreSQL',
    );
    expect(await page.locator('main').textContent()).toContain(HOSTILE_FILE);
    expect(pageErrors).toEqual([]);
  });

  it('has a CSP that blocks an injected handler', async () => {
    const violation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
            once: true,
          });
          const div = document.createElement('div');
          div.setAttribute('onclick', "window.__pwned = 'csp'");
          document.body.append(div);
          div.click();
        }),
    );
    expect(violation).toMatch(/^script-src/);
  });

  it('sorts, filters by must-haves and score, opens evidence, links the resume, lists what was not screened', async () => {
    const files = () =>
      page
        .locator('tr.row:not([hidden])')
        .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['file']));
    const scores = () =>
      page
        .locator('tr.row:not([hidden])')
        .evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset['score'])));
    expect((await files())[0]).toBe('mallory.md');
    await page.click('th button[data-key="score"]');
    const down = await scores();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await page.click('th button[data-key="score"]');
    const up = await scores();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect((await files()).at(-1)).toBe('mallory.md');
    await page.check('#must-only');
    expect(await files()).toEqual(['mallory.md']);
    await page.uncheck('#must-only');
    await page.fill('#min-score', '101');
    expect(await files()).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe('0 of 3 shown');
    await page.fill('#min-score', '0');

    const mallory = run.result.ranked.find((c) => c.file === 'mallory.md')!;
    const detail = page.locator(`#detail-${mallory.id}`);
    expect(await detail.locator('td', { hasText: 'experience, line' }).count()).toBeGreaterThan(0);
    const href = await page
      .locator(`tr.row[data-id="${mallory.id}"] a`, { hasText: 'resume' })
      .evaluate((a) => (a as HTMLAnchorElement).href);
    expect(existsSync(fileURLToPath(href))).toBe(true);
    expect(await page.locator('main').textContent()).toMatch(/Not screened \(1\)\s*broken\.md: is empty/);
  });
});

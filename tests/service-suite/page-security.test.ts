import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/infra/browser.js';
import { FIXTURES, JOB_TEXT, type ServeHarness, serveHarness } from '../server/harness.js';
import { blob, type CountingServer, countingServer, type Json } from './support.js';

/**
 * The web page in real Chromium: where the token is kept, whether anything a resume or a job
 * carries can run, and the headers every kind of response sends.
 */
let h: ServeHarness;
let browser: Browser;
let beacon: CountingServer;
let dir: string;

beforeAll(async () => {
  h = await serveHarness();
  beacon = await countingServer();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-page-'));
});
afterAll(async () => {
  await browser?.close();
  await beacon?.close();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

async function signIn(page: Page, remember = false): Promise<void> {
  await page.goto(h.url);
  await page.fill('#token', h.tokens.alice);
  if (remember) await page.check('#remember');
  await page.click('#signin-form button');
  await page.waitForSelector('#app:not([hidden])');
}

/** Everything a page script could read without the user: cookies, storages, the URL and history. */
async function readable(page: Page, context: BrowserContext) {
  return {
    url: page.url(),
    history: await page.evaluate(() => history.length),
    cookie: await page.evaluate(() => document.cookie),
    cookies: await context.cookies(),
    local: await page.evaluate(() => JSON.stringify({ ...localStorage })),
    session: await page.evaluate(() => JSON.stringify({ ...sessionStorage })),
    databases: await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)),
    caches: await page.evaluate(async () => caches.keys()),
  };
}

/** Hostile text: markup, handlers and javascript: links that would reach the beacon if they ran. */
const hostile = (url: string, n: number) =>
  `<img src="${url}/img${n}" onerror="alert('img${n}')"><script>alert('script${n}');fetch('${url}/fetch${n}')</script>` +
  `<a href="javascript:alert('link${n}')">portfolio</a><iframe src="${url}/frame${n}"></iframe>`;

describe('the web page is safe with tokens and hostile uploads (Chromium)', () => {
  it("the token is never in a URL, a cookie or storage a script could read without the user's action", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const navigated: string[] = [];
    const requested: string[] = [];
    page.on('framenavigated', (frame) => navigated.push(frame.url()));
    context.on('request', (request) => requested.push(request.url()));
    await signIn(page);
    // Use it: a screening, its task page, a file download.
    const file = path.join(dir, 'sam.txt');
    await writeFile(file, await readFile(path.join(FIXTURES, 'sam-rivera.txt')));
    await page.setInputFiles('#resumes', [file]);
    await page.fill('#job_text', JOB_TEXT);
    await page.click('#start');
    await page.waitForSelector('#task:not([hidden])');
    await expect.poll(() => page.textContent('#task-state'), { timeout: 30_000 }).toBe('succeeded');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#files a >> nth=0')]);
    expect(await download.failure()).toBeNull();

    const secret = h.tokens.alice;
    const seen = await readable(page, context);
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(seen).toMatchObject({
      cookie: '',
      cookies: [],
      local: '{}',
      session: '{}',
      databases: [],
      caches: [],
    });
    for (const url of [...navigated, ...requested]) expect(url).not.toContain(secret.slice(3));
    // Gone with a reload: it lived in the page's memory only.
    await page.reload();
    expect(await page.isVisible('#signin')).toBe(true);
    expect(await page.isHidden('#app')).toBe(true);

    // Ticking the box is the user's action: the tab's sessionStorage, still no cookie or localStorage.
    await signIn(page, true);
    const kept = await readable(page, context);
    expect(JSON.parse(kept.session)).toEqual({ 'jm-token': secret });
    expect(kept).toMatchObject({ cookie: '', cookies: [], local: '{}' });
    expect(kept.url).not.toContain(secret.slice(3));
    await context.close();
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(h.url);
    expect(await fresh.isVisible('#signin')).toBe(true);
    await other.close();
  });

  it('no script from a resume or a job runs: the task list, the task page, the ranking and the report pages', async () => {
    const base = await readFile(path.join(FIXTURES, 'sam-rivera.txt'), 'utf8');
    const names = [
      `<img src=x onerror=alert(1)>.txt`,
      `<script>alert(2)<\u2215script>.md`,
      `javascript:alert(3).txt`,
    ];
    const files: string[] = [];
    for (const [i, name] of names.entries()) {
      const file = path.join(dir, name);
      await writeFile(
        file,
        `${base.replace('Sam Rivera', `${hostile(beacon.url, i)} Rivera`)}\n${hostile(beacon.url, 10 + i)}\n`,
      );
      files.push(file);
    }
    const job = `# ${hostile(beacon.url, 20)} Engineer\n\n[apply](javascript:alert('job'))\n\n## Requirements\n- TypeScript\n- ${hostile(beacon.url, 21)}`;

    const context = await browser.newContext({ acceptDownloads: true });
    const ran: string[] = [];
    context.on('request', (r) => {
      if (r.url().startsWith(beacon.url) || r.url().startsWith('javascript:')) ran.push(`request ${r.url()}`);
    });
    context.on('page', (p) => {
      p.on('dialog', (d) => {
        ran.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
      p.on('pageerror', (e) => ran.push(`error ${e.message}`));
    });
    const page = await context.newPage();
    await signIn(page);
    await page.setInputFiles('#resumes', files);
    await page.fill('#job_text', job);
    await page.click('#start');
    await page.waitForSelector('#task:not([hidden])');
    await expect.poll(() => page.textContent('#task-state'), { timeout: 30_000 }).toBe('succeeded');
    await page.waitForSelector('#ranking:not([hidden])');
    // Shown as text, exactly as uploaded.
    const cells = await page.locator('#ranking tbody td').allTextContents();
    expect(cells.join('\n')).toContain('<img src=x onerror=alert(1)>.txt');
    expect(cells.join('\n')).toContain('<script>');
    expect(
      await page.locator('#ranking img, #ranking script, #ranking iframe, #files img, #tasks img').count(),
    ).toBe(0);
    const id = (await page.textContent('#task-id')) as string;

    // The same hostile job and resumes through a tailoring, then every HTML file of both tasks
    // opened as a page of its own (the token as a header, as a download would send it).
    const form = new FormData();
    form.append('job_text', job);
    for (const file of files) form.append('resumes', blob(await readFile(file)), path.basename(file));
    const tailoring = (await (
      await h.call('/api/tailorings', { method: 'POST', body: form })
    ).json()) as Json;
    expect(tailoring['state']).toBe('succeeded');
    const screening = (await (await h.call(`/api/tasks/${id}`)).json()) as Json;
    const pages = [...screening['files'], ...tailoring['files']].filter((f: Json) =>
      /\.html?$/.test(f['name']),
    );
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const reader = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${h.tokens.alice}` },
    });
    reader.on('request', (r) => {
      if (r.url().startsWith(beacon.url)) ran.push(`report request ${r.url()}`);
    });
    for (const f of pages) {
      const report = await reader.newPage();
      report.on('dialog', (d) => {
        ran.push(`report dialog ${d.message()}`);
        void d.dismiss();
      });
      const res = await report.goto(`${h.url}${f['url']}`);
      expect(res?.status(), f['name']).toBe(200);
      expect(await report.content()).toContain('&lt;');
      for (const link of await report.locator('a[href^="javascript:"]').all())
        await link.click({ force: true });
      await report.close();
    }
    await reader.close();
    await page.waitForTimeout(200);
    expect(ran).toEqual([]);
    expect(beacon.hits).toEqual([]);
    await context.close();
  });

  it("CSP, nosniff and frame-ancestors 'none' on every kind of response; another site cannot frame the page", async () => {
    const done = (await (await h.call('/api/tasks?limit=1')).json()) as Json;
    const id = done['tasks'][0].id as string;
    const files = ((await (await h.call(`/api/tasks/${id}/files`)).json()) as Json)['files'] as Json[];
    const html = files.find((f) => f['name'].endsWith('.html'))!;
    const json = files.find((f) => f['name'].endsWith('.json'))!;
    const requests: [string, string, RequestInit & { as?: 'alice' | null }][] = [
      ['page', '/', { as: null }],
      ['page script', '/app.js', { as: null }],
      ['page style', '/app.css', { as: null }],
      ['api docs', '/docs/', { as: null }],
      ['openapi', '/openapi.json', { as: null }],
      ['api list', '/api/tasks', {}],
      ['api task', `/api/tasks/${id}`, {}],
      ['events', `/api/tasks/${id}/events`, {}],
      ['file html', html['url'], {}],
      ['file json', json['url'], {}],
      ['zip', `/api/tasks/${id}/download.zip`, {}],
      ['health', '/healthz', { as: null }],
      ['ready', '/readyz', { as: null }],
      ['metrics', '/metrics', { as: null }],
      ['error 401', '/api/tasks', { as: null }],
      ['error 404 route', '/no/such/route', { as: null }],
      ['error 404 task', '/api/tasks/nope', {}],
      ['error 400', '/api/tasks?limit=x', {}],
      [
        'error 415',
        '/api/screenings',
        { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } },
      ],
    ];
    for (const [kind, route, init] of requests) {
      const res = await h.call(route, init);
      expect(res.status, kind).toBeLessThan(500);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, kind).toMatch(/frame-ancestors 'none'/);
      expect(csp, kind).toMatch(/default-src '(none|self)'/);
      expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff');
      await res.body?.cancel();
    }

    // A page of another origin that frames ours: Chromium refuses to show it.
    const framer = http.createServer((_req, res) => res.end(`<iframe id="f" src="${h.url}/"></iframe>`));
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`http://localhost:${(framer.address() as AddressInfo).port}/`);
    await expect.poll(() => blocked.length).toBeGreaterThan(0);
    const inner = page.frames().find((f) => f !== page.mainFrame());
    expect(await inner?.$('#signin-form').catch(() => null)).toBeFalsy();
    await context.close();
    framer.closeAllConnections();
    await new Promise<void>((resolve) => framer.close(() => resolve()));
  });
});

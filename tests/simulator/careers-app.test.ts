import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import { BrowserConfig } from '../../src/config/schema.js';
import { LazyBrowser } from '../../src/infra/browser.js';

let sim: Simulator;
let board: SimBoard;
const browser = new LazyBrowser(BrowserConfig.parse({ timeout_ms: 10_000 }));

beforeAll(async () => {
  [board] = generateBoards([
    { kind: 'browser', slug: 'initech', companyName: 'Initech Robotics', jobs: 23 },
  ]) as [SimBoard];
  sim = await startSimulator({ boards: [board] });
});

afterAll(async () => {
  await browser.close();
  await sim?.close();
});

interface ApiPage {
  page: number;
  pages: number;
  total: number;
  jobs: Array<{ id: string; title: string; location: string; department: string; url: string }>;
}

describe('GET /careers/:slug/app', () => {
  it('serves a shell without any job in it', async () => {
    const res = await fetch(`${sim.origin}/careers/initech/app?mode=pages`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const $ = load(text);
    expect($('#jobs-app').attr('data-api')).toBe('/careers/initech/app/api');
    expect($('#jobs-app').attr('data-mode')).toBe('pages');
    expect($('.job-card')).toHaveLength(0);
    for (const job of board.jobs) expect(text).not.toContain(job.id);
  });

  it('pages the jobs through its JSON API with absolute posting links', async () => {
    const read = async (q: string) =>
      (await (await fetch(`${sim.origin}/careers/initech/app/api${q}`)).json()) as ApiPage;
    const pages = [await read('?page=1'), await read('?page=2'), await read('?page=3')];
    expect(pages.map((p) => [p.page, p.pages, p.total, p.jobs.length])).toEqual([
      [1, 3, 23, 10],
      [2, 3, 23, 10],
      [3, 3, 23, 3],
    ]);
    const jobs = pages.flatMap((p) => p.jobs);
    expect(jobs.map((j) => j.id)).toEqual(board.jobs.map((j) => j.id));
    expect(jobs[0]).toEqual({
      id: board.jobs[0]?.id,
      title: board.jobs[0]?.title,
      location: board.jobs[0]?.locations.join(' / '),
      department: board.jobs[0]?.department,
      url: `${sim.origin}/postings/initech/${board.jobs[0]?.id}`,
    });
    expect((await read('?page=1&per_page=20')).jobs).toHaveLength(20);
    expect((await fetch(`${sim.origin}/careers/nobody/app/api`)).status).toBe(404);
  });

  it('renders cards in Chromium; "load more" appends and then disappears; "next" is disabled at the end', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${sim.origin}/careers/initech/app?delay=20`);
      await page.waitForSelector('.job-card');
      expect(await page.locator('.job-card').count()).toBe(10);
      for (const expected of [20, 23]) {
        await page.click('button.load-more');
        await page.waitForFunction(`document.querySelectorAll('.job-card').length === ${expected}`);
      }
      expect(await page.locator('button.load-more').isHidden()).toBe(true);
      expect(await page.locator('.job-card__title').allTextContents()).toEqual(
        board.jobs.map((j) => j.title),
      );

      await page.goto(`${sim.origin}/careers/initech/app?mode=pages&delay=20`);
      await page.waitForSelector('.job-card');
      for (const status of ['Page 2 of 3', 'Page 3 of 3']) {
        await page.click('button.pager__next');
        await page.waitForFunction(`document.querySelector('.pager__status').textContent === '${status}'`);
      }
      expect(await page.locator('.job-card').count()).toBe(3);
      expect(await page.locator('button.pager__next').isDisabled()).toBe(true);
      expect(await page.locator('.job-card__link').first().getAttribute('href')).toBe(
        `${sim.origin}/postings/initech/${board.jobs[20]?.id}`,
      );
    } finally {
      await context.close();
    }
  });
});

import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';

let sim: Simulator;
let board: SimBoard;

beforeAll(async () => {
  [board] = generateBoards([{ kind: 'html', slug: 'globex', companyName: 'Globex Cloud', jobs: 23 }]) as [
    SimBoard,
  ];
  sim = await startSimulator({ boards: [board] });
});

afterAll(async () => {
  await sim?.close();
});

async function page(query: string) {
  const url = `${sim.origin}/careers/globex/html${query}`;
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const $ = load(await res.text());
  const rows = $('.job-row').toArray();
  return {
    url,
    titles: rows.map((row) => $(row).find('.job-row__title').text().trim()),
    hrefs: rows.map((row) => $(row).find('.job-row__title a').attr('href') ?? ''),
    locations: rows.map((row) => $(row).find('.job-row__location').text().trim()),
    departments: rows.map((row) => $(row).find('.job-row__department').text()),
    next: $('.pagination a[rel="next"]').attr('href') ?? null,
    status: $('.pagination__status').text(),
  };
}

describe('GET /careers/:slug/html', () => {
  it('serves ten jobs a page with a relative next link, and none on the last page', async () => {
    const first = await page('');
    const second = await page('?page=2');
    const last = await page('?page=3');
    expect([first.titles.length, second.titles.length, last.titles.length]).toEqual([10, 10, 3]);
    expect([...first.titles, ...second.titles, ...last.titles]).toEqual(board.jobs.map((j) => j.title));
    expect([first.next, second.next, last.next]).toEqual(['?page=2', '?page=3', null]);
    expect(last.status).toBe('Page 3 of 3');
    expect(first.departments).toEqual(board.jobs.slice(0, 10).map((j) => j.department));
    expect(first.locations).toEqual(board.jobs.slice(0, 10).map((j) => j.locations.join(' / ')));
  });

  it('mixes root-relative, page-relative and absolute job links, all leading to live posting pages', async () => {
    const first = await page('');
    const forms = first.hrefs.map((h) =>
      h.startsWith('http') ? 'absolute' : h.startsWith('../') ? 'relative' : 'root',
    );
    expect(new Set(forms)).toEqual(new Set(['absolute', 'relative', 'root']));
    const resolved = first.hrefs.map((h) => new URL(h, first.url).href);
    expect(resolved).toEqual(board.jobs.slice(0, 10).map((j) => `${sim.origin}/postings/globex/${j.id}`));
    for (const url of resolved.slice(0, 3)) expect((await fetch(url)).status).toBe(200);
  });

  it('links the last page back to the first with loop=1, and honours per_page', async () => {
    expect((await page('?page=3&loop=1')).next).toBe('?page=1&loop=1');
    const small = await page('?per_page=5&page=5');
    expect(small.titles).toEqual(board.jobs.slice(20, 23).map((j) => j.title));
    expect(small.next).toBeNull();
    expect((await page('?per_page=5')).next).toBe('?page=2&per_page=5');
    // Past the end: the last page, as sites that clamp do.
    expect((await page('?page=99')).status).toBe('Page 3 of 3');
  });

  it('answers 404 for an unknown board', async () => {
    expect((await fetch(`${sim.origin}/careers/nobody/html`)).status).toBe(404);
  });
});

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard, SimJob } from '../../sim/types.js';
import { fetchDescription, fetchDescriptions } from '../../src/fetch/index.js';
import { htmlToMarkdown } from '../../src/fetch/markdown.js';
import {
  fetchHarness,
  HTML_ENTITY,
  HTML_TAG,
  isPosting,
  listingOf,
  scored,
  selectedJobs,
} from './harness.js';

let sim: Simulator;
let pages: SimBoard;
let feed: SimBoard;
let cached: SimBoard;

const job = (board: SimBoard, i: number): SimJob => board.jobs[i] as SimJob;

beforeAll(async () => {
  [pages, feed, cached] = generateBoards([
    { kind: 'jsonld', slug: 'pages', companyName: 'Acme Labs', jobs: 5 },
    { kind: 'html', slug: 'feed', companyName: 'Umbrella Health', jobs: 2 },
    { kind: 'html', slug: 'cached', companyName: 'Vandelay Systems', jobs: 4 },
  ]) as [SimBoard, SimBoard, SimBoard];
  job(pages, 1).page = 'no-jsonld';
  job(pages, 2).page = 'huge';
  job(pages, 3).page = 'empty';
  job(pages, 4).page = 'pdf';
  sim = await startSimulator({ boards: [pages, feed, cached] });
});

afterAll(async () => {
  await sim.close();
});

const requestsTo = (slug: string) => sim.requests.filter((r) => isPosting(r) && r.slug === slug).length;

describe('fetchDescription: where the text comes from', () => {
  it('prefers the JSON-LD JobPosting over the page text', async () => {
    const h = await fetchHarness();
    try {
      const fetched = await fetchDescription(scored(listingOf(sim, pages, job(pages, 0))), h.ctx);
      expect(fetched.fetchError).toBeNull();
      expect(fetched.detail?.source).toBe('jsonld');
      expect(fetched.detail?.url).toBe(fetched.listing.url);
      expect(fetched.detail?.fetchedAt).toBe('2026-11-20T09:00:00.000Z');
      const markdown = fetched.detail?.markdown ?? '';
      expect(markdown.startsWith('## About Acme Labs')).toBe(true);
      // Exactly the posting's description: none of the page-only text around it in <article>.
      expect(markdown).toBe(htmlToMarkdown(job(pages, 0).descriptionHtml));
      expect(markdown).not.toContain('Apply for this job');
      expect(markdown).not.toContain(job(pages, 0).department);
    } finally {
      await h.close();
    }
  });

  it("reads the page's main content, without its chrome, when there is no JSON-LD", async () => {
    const h = await fetchHarness();
    try {
      const fetched = await fetchDescription(scored(listingOf(sim, pages, job(pages, 1))), h.ctx);
      expect(fetched.detail?.source).toBe('page');
      const markdown = fetched.detail?.markdown ?? '';
      expect(markdown).toContain('## What we are looking for');
      expect(markdown).toContain('- Design, build and operate services used by millions of customers.');
      for (const chrome of [
        'Similar jobs',
        'We use cookies',
        'All rights reserved',
        'About us',
        'All jobs',
        'dataLayer',
      ]) {
        expect(markdown).not.toContain(chrome);
      }
    } finally {
      await h.close();
    }
  });

  it('gives clean Markdown: no tags, entities decoded, no runs of blank lines', async () => {
    const h = await fetchHarness();
    try {
      const fetched = await fetchDescriptions(selectedJobs(sim, [pages]).slice(0, 2), h.ctx);
      for (const f of fetched) {
        const markdown = f.detail?.markdown ?? '';
        expect(markdown).not.toMatch(HTML_TAG);
        expect(markdown).not.toMatch(HTML_ENTITY);
        expect(markdown).not.toMatch(/\n\s*\n\s*\n/);
        expect(markdown).toContain('equity, and a flexible hybrid workplace & generous leave.');
      }
    } finally {
      await h.close();
    }
  });

  it('refuses a page larger than http.max_response_bytes with a clear reason', async () => {
    const h = await fetchHarness({ http: { max_response_bytes: 1024 * 1024 } });
    try {
      const fetched = await fetchDescription(scored(listingOf(sim, pages, job(pages, 2))), h.ctx);
      expect(fetched.detail).toBeNull();
      expect(fetched.fetchError).toBe(
        `${fetched.listing.url}: response larger than 1048576 bytes (raise http.max_response_bytes)`,
      );
      // Final, not retried: the oversized page was downloaded (in part) once.
      expect(sim.requests.filter((r) => r.path === new URL(fetched.listing.url).pathname)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('says "empty description" for a page with chrome and no text', async () => {
    const h = await fetchHarness();
    try {
      const fetched = await fetchDescription(scored(listingOf(sim, pages, job(pages, 3))), h.ctx);
      expect(fetched.detail).toBeNull();
      expect(fetched.fetchError).toBe(`${fetched.listing.url}: empty description`);
    } finally {
      await h.close();
    }
  });

  it('refuses a PDF posting by its content type', async () => {
    const h = await fetchHarness();
    try {
      const fetched = await fetchDescription(scored(listingOf(sim, pages, job(pages, 4))), h.ctx);
      expect(fetched.detail).toBeNull();
      expect(fetched.fetchError).toBe(
        `${fetched.listing.url}: not an HTML page (content-type application/pdf)`,
      );
    } finally {
      await h.close();
    }
  });

  it('names the URL and the status for a posting that is gone', async () => {
    const h = await fetchHarness();
    try {
      const listing = { ...listingOf(sim, pages, job(pages, 0)), url: `${sim.origin}/postings/pages/999` };
      const fetched = await fetchDescription(scored(listing), h.ctx);
      expect(fetched.fetchError).toBe(`${sim.origin}/postings/pages/999: HTTP 404 Not Found`);
    } finally {
      await h.close();
    }
  });

  it('makes no request when the listing carried the description', async () => {
    const h = await fetchHarness();
    try {
      const before = requestsTo('feed');
      const [first, second] = feed.jobs.map((j) => listingOf(sim, feed, j));
      // As Greenhouse sends `content`: HTML escaped once more.
      const escaped = job(feed, 0)
        .descriptionHtml.replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
      const jobs = [
        scored({ ...first!, description: { format: 'html', content: escaped } }),
        scored({
          ...second!,
          description: { format: 'text', content: 'Build payments.\n\n\n\nUse Go &amp; SQL.' },
        }),
      ];
      const fetched = await fetchDescriptions(jobs, h.ctx);
      expect(requestsTo('feed')).toBe(before);
      expect(fetched.map((f) => f.detail?.source)).toEqual(['listing', 'listing']);
      expect(fetched[0]?.detail?.url).toBeNull();
      expect(fetched[0]?.detail?.markdown).toContain('## What we are looking for');
      expect(fetched[0]?.detail?.markdown).not.toMatch(HTML_TAG);
      expect(fetched[1]?.detail?.markdown).toBe('Build payments.\n\nUse Go & SQL.');
    } finally {
      await h.close();
    }
  });

  it('fetches the page when the listing description is blank', async () => {
    const h = await fetchHarness();
    try {
      const listing = {
        ...listingOf(sim, feed, job(feed, 1)),
        description: { format: 'html' as const, content: '<p> </p>' },
      };
      const fetched = await fetchDescription(scored(listing), h.ctx);
      expect(fetched.detail?.source).toBe('page');
    } finally {
      await h.close();
    }
  });
});

describe('fetchDescriptions: the disk cache', () => {
  it('fetches nothing again on the next run, and again only what changed', async () => {
    const first = await fetchHarness({ workers: 4 });
    try {
      const jobs = selectedJobs(sim, [cached]);
      const before = requestsTo('cached');
      const run1 = await fetchDescriptions(jobs, first.ctx);
      expect(requestsTo('cached')).toBe(before + 4);
      expect(await readdir(path.join(first.ctx.cacheDir, 'descriptions'))).toHaveLength(4);

      const second = await fetchHarness({ workers: 4, cacheDir: first.ctx.cacheDir });
      try {
        const run2 = await fetchDescriptions(jobs, second.ctx);
        expect(requestsTo('cached')).toBe(before + 4);
        expect(run2.map((f) => f.detail?.source)).toEqual(['cache', 'cache', 'cache', 'cache']);
        expect(run2.map((f) => f.detail?.markdown)).toEqual(run1.map((f) => f.detail?.markdown));
        expect(run2[0]?.detail?.url).toBe(run1[0]?.detail?.url);
        expect(second.logger.lines()).toContain(
          `[parallel-fetch] Vandelay Systems / ${run1[0]?.listing.title}: ${run1[0]?.detail?.markdown.length} chars (cached)`,
        );

        // A posting updated since, and a cache entry that was damaged: both read again.
        const changed = jobs.map((j, i) =>
          i === 0 ? scored({ ...j.listing, updatedAt: '2026-12-01T00:00:00.000Z' }) : j,
        );
        const files = await readdir(path.join(first.ctx.cacheDir, 'descriptions'));
        const damaged = run2[1]?.listing;
        for (const file of files) {
          const full = path.join(first.ctx.cacheDir, 'descriptions', file);
          if ((await readFile(full, 'utf8')).includes(`"url": "${damaged?.url}"`))
            await writeFile(full, '{"url": tru');
        }
        const run3 = await fetchDescriptions(changed, second.ctx);
        expect(requestsTo('cached')).toBe(before + 6);
        expect(run3.map((f) => f.detail?.source)).toEqual(['page', 'page', 'cache', 'cache']);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

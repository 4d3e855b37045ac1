import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimBoard } from '../../sim/types.js';
import { SourceError } from '../../src/errors.js';
import { lever } from '../../src/sources/lever/index.js';
import { parseLeverPostings } from '../../src/sources/lever/parse.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { readBoardFixture } from '../simulator/shape.js';
import { oneBoard, type SourceHarness, sourceHarness } from './harness.js';

const ref: BoardRef = {
  kind: 'lever',
  company: 'Palantir',
  board: 'palantir',
  url: 'https://api.lever.co/v0/postings/palantir?mode=json',
};

/** The text of every <li> in a fragment. */
const items = (html: string) => [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]?.trim());

describe('Lever parse (real payload)', () => {
  it('reads the palantir postings into listings', () => {
    const parsed = parseLeverPostings(readBoardFixture('lever/palantir_postings_mode_json.json'), ref);
    expect(parsed.skipped).toBe(0);
    expect(parsed.listings.map((l) => ({ ...l, description: null }))).toEqual([
      {
        id: 'lever:palantir:ac978161-6f46-4f6b-ad9e-a258e642751c',
        kind: 'lever',
        board: 'palantir',
        jobId: 'ac978161-6f46-4f6b-ad9e-a258e642751c',
        company: 'Palantir',
        title: 'Administrative Business Partner',
        locations: ['London, United Kingdom'],
        remote: false,
        department: 'Administrative',
        employmentType: 'Full-time',
        url: 'https://jobs.lever.co/palantir/ac978161-6f46-4f6b-ad9e-a258e642751c',
        postedAt: new Date(1711403416463).toISOString(),
        updatedAt: null,
        requisitionId: null,
        description: null,
      },
      expect.objectContaining({
        jobId: '0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3',
        title: 'Administrative Business Partner - Security',
        locations: ['Palo Alto, CA'],
        postedAt: new Date(1778622524938).toISOString(),
      }),
    ]);
  });

  it('assembles the description from opening, lists and closing', () => {
    const raw = readBoardFixture('lever/palantir_postings_mode_json.json') as Array<{
      lists: Array<{ text: string; content: string }>;
      additional: string;
    }>;
    const [listing] = parseLeverPostings(raw, ref).listings;
    const html = listing?.description?.content ?? '';
    expect(html.startsWith('<div><strong><span style="font-size: 18px;">A World-Changing Company')).toBe(
      true,
    );
    for (const list of raw[0]?.lists ?? []) {
      expect(html).toContain(`<h3>${list.text}</h3>`);
      for (const item of items(list.content)) expect(html).toContain(item);
    }
    expect(html).toContain('Life at Palantir');
  });

  it('skips a malformed posting and refuses a payload that is not an array', () => {
    const raw = readBoardFixture('lever/palantir_postings_mode_json.json') as Array<Record<string, unknown>>;
    delete raw[1]?.['text'];
    const parsed = parseLeverPostings(raw, ref);
    expect(parsed.listings).toHaveLength(1);
    expect(parsed.skipped).toBe(1);
    expect(parsed.warnings[0]).toContain('postings[1].text');
    expect(() => parseLeverPostings({ ok: false, error: 'Document not found' }, ref)).toThrow(SourceError);
  });
});

describe('Lever source against the simulator', () => {
  let h: SourceHarness;
  let board: SimBoard;

  beforeAll(async () => {
    board = oneBoard('lever', 'globex', 'Globex', 8);
    h = await sourceHarness([board]);
  });
  afterAll(() => h.close());

  it('scrapes every posting with its full description', async () => {
    const result = await lever.scrape(h.ctx(lever, h.company(board)));
    expect(result.listings).toHaveLength(8);
    for (const [i, listing] of result.listings.entries()) {
      const job = board.jobs[i]!;
      expect(listing.id).toMatch(/^lever:globex:[0-9a-f-]{36}$/);
      expect(listing.title).toBe(job.title);
      expect(listing.locations).toEqual(job.locations);
      expect(listing.postedAt).toBe(job.postedAt);
      expect(listing.remote).toBe(job.remote);
      expect(listing.department).toBe(job.team);
      for (const item of items(job.descriptionHtml)) expect(listing.description?.content).toContain(item);
    }
  });

  it('knows an unchanged board by its content hash, and a changed one', async () => {
    const company = h.company(board);
    const first = await lever.scrape(h.ctx(lever, company));
    expect(first.validators?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const same = await lever.scrape(h.ctx(lever, company, first.validators));
    expect(same).toMatchObject({ unchanged: true, listings: [] });
    h.sim.addBoard({ ...board, jobs: board.jobs.slice(1) });
    const changed = await lever.scrape(h.ctx(lever, company, first.validators));
    expect(changed.unchanged).toBe(false);
    expect(changed.listings).toHaveLength(7);
    h.sim.addBoard(board);
  });

  it('reads one posting from the detail API', async () => {
    const ctx = h.ctx(lever, h.company(board));
    const { listings } = await lever.scrape(ctx);
    const text = await lever.fetchDescription?.(listings[3]!, ctx);
    expect(text).toEqual(listings[3]?.description);
  });
});

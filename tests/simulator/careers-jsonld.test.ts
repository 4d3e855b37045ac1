import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';

let sim: Simulator;
let board: SimBoard;
const JOBS = 14;

type Node = Record<string, unknown>;

beforeAll(async () => {
  [board] = generateBoards([
    { kind: 'jsonld', slug: 'vandelay', companyName: 'Vandelay Industries', jobs: JOBS },
  ]) as [SimBoard];
  sim = await startSimulator({ boards: [board] });
});

afterAll(async () => {
  await sim?.close();
});

async function blocks(style?: string): Promise<string[]> {
  const res = await fetch(`${sim.origin}/careers/vandelay/jsonld${style ? `?style=${style}` : ''}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const $ = load(await res.text());
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => $(el).text());
}

function parseable(texts: string[]): { parsed: unknown[]; broken: string[] } {
  const parsed: unknown[] = [];
  const broken: string[] = [];
  for (const text of texts) {
    try {
      parsed.push(JSON.parse(text));
    } catch {
      broken.push(text);
    }
  }
  return { parsed, broken };
}

const isPosting = (n: unknown): n is Node =>
  typeof n === 'object' && n !== null && [(n as Node)['@type']].flat().includes('JobPosting');

function postingsOf(parsed: unknown[]): Node[] {
  return parsed.flatMap((v) => {
    if (Array.isArray(v)) return v.filter(isPosting);
    const node = v as Node;
    if (Array.isArray(node['@graph'])) return (node['@graph'] as unknown[]).filter(isPosting);
    return isPosting(node) ? [node] : [];
  });
}

describe('GET /careers/:slug/jsonld', () => {
  it('lays the jobs out as each style says, always with a WebSite block and one broken block', async () => {
    const third = Math.ceil(JOBS / 3);
    const expected: Record<string, number> = {
      blocks: JOBS + 2,
      graph: 3,
      array: 3,
      mixed: 1 + third + 1 + 2,
    };
    for (const [style, count] of Object.entries(expected)) {
      const texts = await blocks(style);
      expect(texts, style).toHaveLength(count);
      const { parsed, broken } = parseable(texts);
      expect(broken, style).toHaveLength(1);
      expect((parsed[0] as Node)['@type']).toBe('WebSite');
      expect(postingsOf(parsed).map((p) => p['title'])).toEqual(board.jobs.map((j) => j.title));
    }
    const graph = parseable(await blocks('graph')).parsed[1] as Node;
    expect((graph['@graph'] as Node[])[0]?.['@type']).toBe('Organization');
    expect(Array.isArray(parseable(await blocks('array')).parsed[1])).toBe(true);
  });

  it('breaks the bad block the way the USDA page does: raw line breaks and quotes in a string', async () => {
    const { broken } = parseable(await blocks());
    expect(broken[0]).toMatch(/"description" : "<h2 id="open-application">Open application<\/h2>\n<p>/);
    expect(broken[0]).toContain('"@type" : "JobPosting"');
  });

  it('mixes the real variants across the jobs of one page', async () => {
    const postings = postingsOf(parseable(await blocks('blocks')).parsed);
    const values = (key: string) => postings.map((p) => p[key]);
    expect(new Set(values('@context'))).toEqual(
      new Set(['https://schema.org', 'http://schema.org', 'https://schema.org/']),
    );
    expect(values('@type')).toContainEqual(['JobPosting']);
    expect(values('employmentType').some((v) => typeof v === 'string')).toBe(true);
    expect(values('employmentType').some(Array.isArray)).toBe(true);
    const locations = values('jobLocation').filter((v) => v !== undefined);
    expect(locations.some(Array.isArray)).toBe(true);
    expect(locations.some((v) => !Array.isArray(v))).toBe(true);
    expect(
      locations.flat().some((place) => !('address' in (place as Node)) && 'name' in (place as Node)),
    ).toBe(true);
    expect(values('identifier').filter((v) => v === undefined).length).toBeGreaterThan(0);
    expect(values('identifier').filter((v) => v !== undefined).length).toBeGreaterThan(0);
    for (const [i, job] of board.jobs.entries()) {
      const p = postings[i] as Node;
      expect(p['url']).toBe(`${sim.origin}/postings/vandelay/${job.id}`);
      expect(p['description']).toBe(job.descriptionHtml);
      if (job.remote) {
        expect(p['jobLocationType']).toBe('TELECOMMUTE');
        expect(p['jobLocation']).toBeUndefined();
      }
      if (p['identifier'])
        expect(p['identifier']).toMatchObject({ '@type': 'PropertyValue', value: job.requisitionId });
    }
    expect(board.jobs.some((j) => j.remote)).toBe(true);
  });

  it("carries the fields of Google's guidelines that the real Dell page carries", async () => {
    const dell = readFileSync(
      path.resolve(import.meta.dirname, '../fixtures/boards/jsonld/workday_dell_job_page.html'),
      'utf8',
    );
    const $ = load(dell);
    const real = JSON.parse($('script[type="application/ld+json"]').first().text()) as Node;
    const ours = postingsOf(parseable(await blocks('blocks')).parsed)[0] as Node;
    const shared = [
      '@context',
      '@type',
      'title',
      'description',
      'identifier',
      'datePosted',
      'employmentType',
      'hiringOrganization',
    ];
    for (const key of shared) {
      expect(real, key).toHaveProperty(key);
      expect(ours, key).toHaveProperty(key);
    }
    expect(Object.keys(ours['identifier'] as Node).sort()).toEqual(
      Object.keys(real['identifier'] as Node).sort(),
    );
  });

  it('escapes "</" inside scripts, links to live posting pages, and answers 304 and 404', async () => {
    const res = await fetch(`${sim.origin}/careers/vandelay/jsonld`);
    const page = await res.text();
    const scripts = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    // The hand-written broken block is raw, as on the USDA page; every generated one is escaped.
    const generated = scripts.map((m) => m[1] ?? '').filter((text) => parseable([text]).broken.length === 0);
    expect(generated).toHaveLength(scripts.length - 1);
    for (const text of generated) expect(text).not.toContain('</');
    expect(generated.join('')).toContain('<\\/h2>');
    const $ = load(page);
    const links = $('a.openings__link')
      .toArray()
      .map((a) => $(a).attr('href'));
    expect(links).toEqual(board.jobs.map((j) => `${sim.origin}/postings/vandelay/${j.id}`));
    expect((await fetch(links[0] as string)).status).toBe(200);

    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${sim.origin}/careers/vandelay/jsonld`, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${sim.origin}/careers/nobody/jsonld`)).status).toBe(404);
  });
});

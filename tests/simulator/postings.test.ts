import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUGE_PAGE_BYTES, postingPath } from '../../sim/boards/postings.js';
import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard, SimJob } from '../../sim/types.js';

let sim: Simulator;
let jsonld: SimBoard;
let plain: SimBoard;
let workday: SimBoard;
let down: SimBoard;

const job = (board: SimBoard, i: number): SimJob => board.jobs[i] as SimJob;
const get = (board: SimBoard, j: SimJob) => fetch(`${sim.origin}${postingPath(board.slug, j.id)}`);

function ldBlocks(page: string): unknown[] {
  return [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1] ?? ''),
  );
}

beforeAll(async () => {
  [jsonld, plain, workday, down] = generateBoards([
    { kind: 'jsonld', slug: 'acme', companyName: 'Acme Labs', jobs: 6 },
    { kind: 'html', slug: 'globex', companyName: 'Globex Cloud', jobs: 2 },
    { kind: 'workday', slug: 'initech/External', companyName: 'Initech', jobs: 1 },
    { kind: 'greenhouse', slug: 'hooli', companyName: 'Hooli', jobs: 1 },
  ]) as [SimBoard, SimBoard, SimBoard, SimBoard];
  job(jsonld, 1).page = 'no-jsonld';
  job(jsonld, 2).page = 'empty';
  job(jsonld, 3).page = 'huge';
  job(jsonld, 4).page = 'pdf';
  job(jsonld, 5).remote = true;
  job(jsonld, 5).locations = ['Remote - US'];
  down.faults = { always: '500' };
  // No `routes`: the posting pages must be among every kind's routes.
  sim = await startSimulator({ boards: [jsonld, plain, workday, down] });
});

afterAll(async () => {
  await sim.close();
});

describe('simulator posting pages', () => {
  it("serves a jsonld board's posting with chrome, the description in <main><article>, and JobPosting JSON-LD", async () => {
    const j = job(jsonld, 0);
    const res = await get(jsonld, j);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toMatch(/<header class="site-header">[\s\S]*<nav/);
    expect(page).toMatch(/<main id="content">\s*<article[\s\S]*<\/article>[\s\S]*<\/main>/);
    expect(page).toContain(j.descriptionHtml);
    expect(page).toContain('<footer class="site-footer">');
    const [posting] = ldBlocks(page) as Record<string, unknown>[];
    expect(ldBlocks(page)).toHaveLength(1);
    expect(posting).toMatchObject({
      '@type': 'JobPosting',
      title: j.title,
      description: j.descriptionHtml,
      url: `${sim.origin}${postingPath('acme', j.id)}`,
      identifier: { value: j.requisitionId },
      datePosted: j.postedAt.slice(0, 10),
      hiringOrganization: { name: 'Acme Labs' },
    });
  });

  it('marks a remote posting TELECOMMUTE without a street address', async () => {
    const [posting] = ldBlocks(await (await get(jsonld, job(jsonld, 5))).text()) as Record<string, unknown>[];
    expect(posting?.['jobLocationType']).toBe('TELECOMMUTE');
    expect(posting?.['jobLocation']).toBeUndefined();
  });

  it('puts no JSON-LD on pages of other kinds, nor on the no-jsonld variant', async () => {
    const other = await (await get(plain, job(plain, 0))).text();
    expect(other).toContain(job(plain, 0).descriptionHtml);
    expect(ldBlocks(other)).toEqual([]);
    const without = await (await get(jsonld, job(jsonld, 1))).text();
    expect(without).toContain(job(jsonld, 1).descriptionHtml);
    expect(ldBlocks(without)).toEqual([]);
  });

  it('serves the empty, huge and pdf variants', async () => {
    const empty = await (await get(jsonld, job(jsonld, 2))).text();
    expect(empty).toContain('<footer');
    expect(empty).not.toContain('What we are looking for');
    expect(ldBlocks(empty)).toEqual([]);

    const huge = await (await get(jsonld, job(jsonld, 3))).text();
    expect(huge.length).toBeGreaterThan(HUGE_PAGE_BYTES);
    expect(huge.trimEnd().endsWith('</html>')).toBe(true);

    const pdfRes = await get(jsonld, job(jsonld, 4));
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf.toString('latin1'))?.[1]);
    expect(pdf.subarray(startxref, startxref + 4).toString('latin1')).toBe('xref');
  });

  it('finds boards whose slug has a slash (workday tenant/site)', async () => {
    const res = await get(workday, job(workday, 0));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(job(workday, 0).descriptionHtml);
  });

  it("applies the posting board's own faults and records its kind", async () => {
    const res = await get(down, job(down, 0));
    expect(res.status).toBe(500);
    const record = sim.requests.find((r) => r.path === postingPath('hooli', job(down, 0).id));
    expect(record).toMatchObject({ kind: 'greenhouse', slug: 'hooli', status: 500 });
  });

  it('answers 404 for a job that does not exist', async () => {
    const res = await fetch(`${sim.origin}/postings/acme/123`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('This job is no longer available');
  });
});

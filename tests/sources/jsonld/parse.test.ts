import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  flattenNodes,
  isJobPostingType,
  parseLdJson,
  repairJson,
} from '../../../src/sources/jsonld/blocks.js';
import { parseJsonLdPage } from '../../../src/sources/jsonld/parse.js';
import type { BoardRef } from '../../../src/sources/shared/records.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/boards/jsonld');
const PAGE = 'https://careers.example.com/jobs';
const ref: BoardRef = { kind: 'jsonld', company: 'Example', board: 'careers.example.com/jobs', url: PAGE };

const script = (value: unknown): string =>
  `<script type="application/ld+json">${typeof value === 'string' ? value : JSON.stringify(value)}</script>`;
const page = (...blocks: string[]): string =>
  `<!DOCTYPE html><html><head><title>Jobs</title>${blocks.join('\n')}</head><body><h1>Jobs</h1></body></html>`;

const posting = (title: string, extra: Record<string, unknown> = {}) => ({
  '@context': 'https://schema.org',
  '@type': 'JobPosting',
  title,
  description: `<p>${title} description</p>`,
  datePosted: '2026-10-05',
  ...extra,
});

describe('the real Dell Workday job page', () => {
  it('reads its one JobPosting into the right listing', () => {
    const html = readFileSync(path.join(FIXTURES, 'workday_dell_job_page.html'), 'utf8');
    const url =
      'https://dell.wd1.myworkdayjobs.com/en-US/External/job/Round-Rock-Texas-United-States/Internal-Audit-SOX-Senior-Advisor_R246118';
    const result = parseJsonLdPage(html, url, { ...ref, board: 'dell.wd1.myworkdayjobs.com/en-US/External' });
    expect(result.skipped).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(result.listings).toHaveLength(1);
    const [listing] = result.listings;
    expect(listing).toMatchObject({
      id: 'jsonld:dell.wd1.myworkdayjobs.com/en-US/External:R246118',
      kind: 'jsonld',
      jobId: 'R246118',
      requisitionId: 'R246118',
      company: 'Example',
      title: 'Internal Audit SOX Senior Advisor',
      locations: ['Round Rock, Texas, United States'],
      countries: ['United States of America'],
      workplace: 'remote',
      department: null,
      employmentType: 'Full-time',
      hiringOrganization: 'DELL USA L.P. (1001)',
      url,
      postedAt: '2024-05-22T00:00:00.000Z',
      updatedAt: null,
    });
    expect(listing?.description?.format).toBe('html');
    expect(listing?.description?.content).toMatch(
      /^Internal Audit SOX Senior Advisor We’re a global business/,
    );
    expect(listing?.description?.content).toContain('Sarbanes-Oxley');
  });
});

describe('the real USDA page (hand-written, invalid JSON-LD)', () => {
  it('skips the broken block and counts the posting it held', () => {
    const text = readFileSync(path.join(FIXTURES, 'usda_ars_lab_jobpage_jekyll_source.md'), 'utf8');
    const result = parseJsonLdPage(text, 'https://tinyecology.com/jobs/lsh/', ref);
    expect(result.listings).toEqual([]);
    expect(result.skipped).toBe(1);
    expect(result.postings).toBe(1);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^skipped ld\+json block 1 of 1 \(a JobPosting\): not valid JSON/);
  });
});

describe('the shapes real pages use', () => {
  it('reads an @graph beside a WebSite block, skipping the Organization node', () => {
    const html = page(
      script({ '@context': 'https://schema.org', '@type': 'WebSite', name: 'Example', url: PAGE }),
      script({
        '@context': 'https://schema.org/',
        '@graph': [
          { '@type': 'Organization', name: 'Example Inc.' },
          posting('Backend Engineer', {
            identifier: { '@type': 'PropertyValue', name: 'Example', value: 'R-1' },
          }),
          posting('Data Engineer', {
            identifier: { '@type': 'PropertyValue', name: 'Example', value: 'R-2' },
          }),
        ],
      }),
    );
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => [l.jobId, l.title])).toEqual([
      ['R-1', 'Backend Engineer'],
      ['R-2', 'Data Engineer'],
    ]);
    expect(result.skipped).toBe(0);
    expect(result.blocks).toBe(2);
  });

  it('reads a top-level array and several blocks, @type arrays and every @context spelling', () => {
    const html = page(
      script([
        posting('One', { '@context': 'http://schema.org', url: '/jobs/1' }),
        posting('Two', { '@context': 'https://schema.org/', '@type': ['JobPosting'], url: '/jobs/2' }),
      ]),
      script(posting('Three', { '@type': 'schema:JobPosting', url: 'https://careers.example.com/jobs/3' })),
      script(posting('Four', { '@type': 'http://schema.org/JobPosting', url: 'jobs/4' })),
    );
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => [l.title, l.url])).toEqual([
      ['One', 'https://careers.example.com/jobs/1'],
      ['Two', 'https://careers.example.com/jobs/2'],
      ['Three', 'https://careers.example.com/jobs/3'],
      ['Four', 'https://careers.example.com/jobs/4'],
    ]);
    // Without an identifier the id in the posting's URL is its id, never the whole URL.
    expect(result.listings[0]?.jobId).toBe('1');
  });

  it('reads employmentType and jobLocation as a value or a list, TELECOMMUTE and placeholders', () => {
    const html = page(
      script(
        posting('Multi', {
          url: '/jobs/multi',
          employmentType: ['FULL_TIME', 'CONTRACTOR'],
          jobLocation: [
            {
              '@type': 'Place',
              address: { addressLocality: 'Austin', addressRegion: 'TX', addressCountry: 'US' },
            },
            { '@type': 'Place', address: { addressLocality: 'Berlin', addressCountry: { name: 'Germany' } } },
            { '@type': 'Place', name: 'Menlo Park, CA' },
            {
              '@type': 'Place',
              address: { addressLocality: 'Dublin', addressRegion: 'UNAVAILABLE', addressCountry: 'IE' },
            },
          ],
        }),
      ),
      script(
        posting('Remote only', {
          url: '/jobs/remote',
          employmentType: 'PART_TIME',
          jobLocationType: 'TELECOMMUTE',
          applicantLocationRequirements: [
            { '@type': 'Country', name: 'United States' },
            { '@type': 'Country', name: 'Canada' },
          ],
        }),
      ),
      script(posting('Nowhere', { url: '/jobs/nowhere', employmentType: 42 })),
    );
    const [multi, remote, nowhere] = parseJsonLdPage(html, PAGE, ref).listings;
    expect(multi).toMatchObject({
      employmentType: 'Full-time, Contract',
      locations: ['Austin, TX, US', 'Berlin, Germany', 'Menlo Park, CA', 'Dublin, IE'],
      countries: ['United States', 'Germany', 'Ireland'],
      workplace: null,
    });
    expect(remote).toMatchObject({
      employmentType: 'Part-time',
      locations: ['Remote - United States', 'Remote - Canada'],
      countries: ['United States', 'Canada'],
      workplace: 'remote',
    });
    // A field of the wrong shape costs the field, not the job.
    expect(nowhere).toMatchObject({ title: 'Nowhere', employmentType: null, locations: [], workplace: null });
  });

  it('does not take an identifier shared by several postings for a job id', () => {
    const company = { '@type': 'PropertyValue', name: 'company', value: 'Example Inc' };
    const html = page(
      script([
        posting('A', { url: '/jobs/a-1', identifier: company }),
        posting('B', { url: '/jobs/b-2', identifier: company }),
        posting('C', { identifier: 'C-77' }),
      ]),
    );
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => [l.jobId, l.requisitionId])).toEqual([
      ['a-1', null],
      ['b-2', null],
      ['C-77', 'C-77'],
    ]);
  });

  it('gives a job with neither identifier nor URL a stable content id and the page as its URL', () => {
    const html = page(script(posting('Nurse', { jobLocation: { '@type': 'Place', name: 'Leeds' } })));
    const first = parseJsonLdPage(html, PAGE, ref).listings[0];
    const again = parseJsonLdPage(html, PAGE, ref).listings[0];
    expect(first?.jobId).toMatch(/^h-[0-9a-f]{16}$/);
    expect(again?.jobId).toBe(first?.jobId);
    expect(first?.url).toBe(PAGE);
    const elsewhere = parseJsonLdPage(
      page(script(posting('Nurse', { jobLocation: { '@type': 'Place', name: 'York' } }))),
      PAGE,
      ref,
    );
    expect(elsewhere.listings[0]?.jobId).not.toBe(first?.jobId);
  });

  it('reads ItemList elements and lists a job repeated on the page once', () => {
    const job = posting('Repeated', { identifier: 'J-9' });
    const html = page(
      script({
        '@context': 'https://schema.org',
        '@type': 'ItemList',
        itemListElement: [
          { '@type': 'ListItem', position: 1, item: job },
          { '@type': 'ListItem', position: 2, item: posting('Other', { identifier: 'J-10' }) },
        ],
      }),
      script(job),
    );
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => l.jobId)).toEqual(['J-9', 'J-10']);
  });

  it('decodes text escaped once too often and resolves the posting URL', () => {
    const html = page(
      script(
        posting('R&amp;D Engineer', {
          description: '&lt;p&gt;Build &amp;amp; ship.&lt;/p&gt;',
          url: 'https://careers.example.com/jobs/rd#apply',
        }),
      ),
    );
    const [listing] = parseJsonLdPage(html, PAGE, ref).listings;
    expect(listing?.title).toBe('R&D Engineer');
    expect(listing?.description).toEqual({ format: 'html', content: '<p>Build &amp; ship.</p>' });
  });

  it('skips and counts a JobPosting without a title, and ignores other node types', () => {
    const html = page(
      script([posting('Kept', { identifier: 'K-1' }), { '@type': 'JobPosting', description: 'no title' }]),
      script({ '@context': 'https://schema.org', '@type': 'BreadcrumbList', itemListElement: [] }),
    );
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => l.jobId)).toEqual(['K-1']);
    expect(result.skipped).toBe(1);
    expect(result.postings).toBe(2);
    expect(result.warnings[0]).toMatch(
      /^skipped 1 malformed JobPosting record\(s\); first: JobPosting\[1\]\.title/,
    );
  });

  it('repairs raw line breaks and trailing commas, and leaves raw quotes broken', () => {
    const repairable = '{"@type": "JobPosting", "title": "Line\nbreak",\n "description": "<p>a\n\tb</p>",}';
    const broken = '{"@type": "JobPosting", "title": "Quote "inside" here"}';
    const html = page(script(repairable), script(broken), script('{"@type": "WebSite", "name": '));
    const result = parseJsonLdPage(html, PAGE, ref);
    expect(result.listings.map((l) => l.title)).toEqual(['Line break']);
    expect(result.listings[0]?.description?.content).toBe('<p>a\n\tb</p>');
    // The broken WebSite block is reported but is no skipped job.
    expect(result.skipped).toBe(1);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^skipped ld\+json block 2 of 3 \(a JobPosting\): not valid JSON \(/);
    expect(result.warnings[1]).toMatch(/^skipped ld\+json block 3 of 3: not valid JSON \(/);
  });
});

describe('the block readers', () => {
  it('repairJson escapes only inside strings and keeps escapes intact', () => {
    expect(repairJson('{"a": "x\ny", "b": [1, 2,],\n"c": "q\\"\n"}')).toBe(
      '{"a": "x\\ny", "b": [1, 2],\n"c": "q\\"\\n"}',
    );
  });

  it('parseLdJson strips comment and CDATA wrappers', () => {
    expect(parseLdJson('<!--\n{"@type": "JobPosting"}\n-->')).toEqual({ '@type': 'JobPosting' });
    expect(parseLdJson('//<![CDATA[\n{"a": 1};\n//]]>')).toEqual({ a: 1 });
    expect(() => parseLdJson('{"a": ')).toThrow(SyntaxError);
  });

  it('flattenNodes walks arrays, @graph and ItemList; isJobPostingType reads every type form', () => {
    const nodes = flattenNodes([
      { '@graph': [{ '@type': 'A' }, [{ '@type': 'B' }]] },
      'text',
      { '@type': 'C' },
    ]);
    expect(nodes.map((n) => n['@type'])).toEqual(['A', 'B', 'C']);
    expect(isJobPostingType(['Thing', 'JobPosting'])).toBe(true);
    expect(isJobPostingType('JobPostingTemplate')).toBe(false);
    expect(isJobPostingType(undefined)).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAshbyJobBoard } from '../../src/sources/ashby/parse.js';
import { parseGreenhouseJobs } from '../../src/sources/greenhouse/parse.js';
import { parseJsonLdPage } from '../../src/sources/jsonld/parse.js';
import { parseLeverPostings } from '../../src/sources/lever/parse.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import { readBoardFixture } from '../simulator/shape.js';

/**
 * What a reviewer wants from a posting, read from the real captured payloads. Where a capture
 * lacks a field (Lever salaryRange, Ashby compensation tiers), the real payload gets that field
 * in the shape the board documents (ATS-FACTS.md), and nothing else is changed.
 */
const ref = (kind: BoardRef['kind'], board: string): BoardRef => ({
  kind,
  company: board,
  board,
  url: `https://example.invalid/${board}`,
});

type Json = Record<string, unknown> & { jobs?: Array<Record<string, unknown>> };

describe('work mode and countries from the board', () => {
  it('Greenhouse: the office location carries the country; "Hybrid - London" is hybrid', () => {
    const raw = readBoardFixture('greenhouse/duolingo_jobs_content_true_custom_domain.json') as Json;
    const [london, counsel] = parseGreenhouseJobs(raw, ref('greenhouse', 'duolingo')).listings;
    expect(london).toMatchObject({ locations: ['London, England'], countries: ['United Kingdom'] });
    expect(counsel?.countries).toEqual(['United States']);

    raw.jobs![0]!['location'] = { name: 'Hybrid - London' };
    const [hybrid] = parseGreenhouseJobs(raw, ref('greenhouse', 'duolingo')).listings;
    expect(hybrid).toMatchObject({ workplace: 'hybrid', countries: ['United Kingdom'] });
  });

  it('Lever: workplaceType hybrid is hybrid, not "not remote"; country GB is the United Kingdom', () => {
    const [first, second] = parseLeverPostings(
      readBoardFixture('lever/palantir_postings_mode_json.json'),
      ref('lever', 'palantir'),
    ).listings;
    expect(first).toMatchObject({
      workplace: 'hybrid',
      countries: ['United Kingdom'],
      team: 'Administrative',
    });
    expect(second).toMatchObject({ workplace: 'hybrid', countries: ['United States'] });
  });

  it('Ashby: workplaceType OnSite is on-site; isRemote without it is remote; address countries kept', () => {
    const onsite = parseAshbyJobBoard(
      readBoardFixture('ashby/openevidence_job-board.json'),
      ref('ashby', 'oe'),
    );
    expect(onsite.listings[0]).toMatchObject({ workplace: 'onsite', countries: ['United States'] });
    const remote = parseAshbyJobBoard(
      readBoardFixture('ashby/turbopuffer_job-board_includeCompensation.json'),
      ref('ashby', 'tp'),
    );
    expect(remote.listings[0]).toMatchObject({ workplace: 'remote', countries: ['Canada'] });
  });
});

describe('salary where the board gives it', () => {
  it('Lever salaryRange', () => {
    const raw = readBoardFixture('lever/palantir_postings_mode_json.json') as Array<Record<string, unknown>>;
    // The second posting states "$60,000 - $97,000/year" in its text; salaryRange carries it as data.
    raw[1]!['salaryRange'] = { currency: 'USD', interval: 'per-year-salary', min: 60000, max: 97000 };
    const [none, paid] = parseLeverPostings(raw, ref('lever', 'palantir')).listings;
    expect(none?.salary).toBeNull();
    expect(paid?.salary).toEqual({
      min: 60000,
      max: 97000,
      currency: 'USD',
      period: 'year',
      text: 'USD 60,000-97,000 a year',
    });
  });

  it('Ashby compensation summary components, with the board summary as the text', () => {
    const raw = readBoardFixture('ashby/turbopuffer_job-board_includeCompensation.json') as Json;
    raw.jobs![1]!['compensation'] = {
      compensationTierSummary: '$180K – $240K • Offers Equity',
      scrapeableCompensationSalarySummary: '$180K - $240K',
      compensationTiers: [],
      summaryComponents: [
        {
          compensationType: 'Salary',
          interval: '1 YEAR',
          currencyCode: 'USD',
          minValue: 180000,
          maxValue: 240000,
        },
        { compensationType: 'EquityPercentage', interval: 'NONE', currencyCode: null, minValue: null },
      ],
    };
    const listings = parseAshbyJobBoard(raw, ref('ashby', 'tp')).listings;
    expect(listings[0]?.salary).toBeNull();
    expect(listings[1]?.salary).toEqual({
      min: 180000,
      max: 240000,
      currency: 'USD',
      period: 'year',
      text: '$180K - $240K',
    });
  });
});

/**
 * An iCIMS job frame (careers-gdms.icims.com/jobs/75243/job?in_iframe=1) as ATS-FACTS.md describes
 * it: compact JSON-LD, a jobLocation array, "UNAVAILABLE" placeholders, no identifier, a url. The
 * hiringOrganization, validThrough and baseSalary are the real USDA posting's.
 */
function icimsPage(validThrough: string): string {
  const posting = {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: 'Software Engineer III - TS/SCI Clearance Required',
    description:
      '<h2>Overview</h2><p>Build mission software.</p><p><strong>CLEARANCE REQUIREMENTS:</strong>Department of Defense TS/SCI clearance is required.</p>',
    datePosted: '2026-10-20',
    validThrough,
    employmentType: 'OTHER',
    directApply: true,
    occupationalCategory: 'Engineering',
    url: 'https://careers-gdms.icims.com/jobs/75243/software-engineer-iii/job?in_iframe=1',
    jobLocation: [
      {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          addressLocality: 'Dedham',
          addressRegion: 'MA',
          postalCode: 'UNAVAILABLE',
          addressCountry: 'US',
        },
      },
    ],
    hiringOrganization: {
      '@type': 'Organization',
      name: 'United States Department of Agriculture, Agricultural Research Service',
      sameAs: 'https://www.ars.usda.gov/',
    },
    baseSalary: {
      '@type': 'MonetaryAmount',
      currency: 'USD',
      value: { '@type': 'QuantitativeValue', value: 90000, unitText: 'Year' },
    },
  };
  return `<html><head><script type="application/ld+json">${JSON.stringify(posting)}</script></head><body></body></html>`;
}

describe('JSON-LD postings', () => {
  const pageUrl = 'https://careers-gdms.icims.com/jobs/75243/software-engineer-iii/job?in_iframe=1';
  const board: BoardRef = { ...ref('jsonld', 'careers-gdms.icims.com/jobs'), url: pageUrl };

  it('takes the id from the URL, never the whole URL, and reads employer, deadline and salary', () => {
    const [listing] = parseJsonLdPage(icimsPage('2026-12-31T23:59'), pageUrl, board).listings;
    expect(listing).toMatchObject({
      jobId: '75243',
      id: 'jsonld:careers-gdms.icims.com/jobs:75243',
      hiringOrganization: 'United States Department of Agriculture, Agricultural Research Service',
      employmentType: null,
      countries: ['United States'],
      locations: ['Dedham, MA, US'],
      salary: { min: 90000, max: 90000, currency: 'USD', period: 'year', text: 'USD 90,000 a year' },
    });
    expect(listing?.validThrough?.slice(0, 10)).toBe('2026-12-31');
  });

  it('the real Dell page: the identifier is the id, the employer is named', () => {
    const html = readFileSync(
      `${import.meta.dirname}/../fixtures/boards/jsonld/workday_dell_job_page.html`,
      'utf8',
    );
    const [listing] = parseJsonLdPage(html, 'https://dell.wd1.myworkdayjobs.com/x', board).listings;
    expect(listing).toMatchObject({ jobId: 'R246118', hiringOrganization: 'DELL USA L.P. (1001)' });
  });
});

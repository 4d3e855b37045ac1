import { describe, expect, it } from 'vitest';
import { CompanyConfig } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';
import { resolveSource } from '../../src/sources/detect.js';
import { greenhouse } from '../../src/sources/greenhouse/index.js';

const company = (url: string, extra: Partial<CompanyConfig> = {}) =>
  CompanyConfig.parse({ name: 'Co', url, ...extra });
const kindOf = (url: string, extra: Partial<CompanyConfig> = {}) => resolveSource(company(url, extra)).kind;

describe('resolveSource', () => {
  it.each([
    ['https://boards.greenhouse.io/smarterdx', 'greenhouse'],
    ['https://job-boards.greenhouse.io/smarterdx/jobs/5193736007', 'greenhouse'],
    ['https://job-boards.eu.greenhouse.io/acme', 'greenhouse'],
    ['https://boards.greenhouse.io/embed/job_board?for=duolingo', 'greenhouse'],
    ['https://jobs.lever.co/palantir', 'lever'],
    ['https://jobs.eu.lever.co/spotify/abc', 'lever'],
    ['https://jobs.ashbyhq.com/openevidence', 'ashby'],
    ['https://jobs.ashbyhq.com/Initech%20Labs', 'ashby'],
    ['https://nvidia.wd5.myworkdayjobs.com/NVIDIAExternalCareerSite', 'workday'],
    ['https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite', 'workday'],
    ['https://dell.wd1.myworkdayjobs.com/External/job/Round-Rock-Texas/Engineer_R246118', 'workday'],
    ['https://jobs.smartrecruiters.com/SmartRecruiters', 'smartrecruiters'],
    ['https://careers.smartrecruiters.com/Ubisoft2', 'smartrecruiters'],
  ])('detects %s as %s', (url, kind) => {
    expect(kindOf(url)).toBe(kind);
  });

  it('falls back to jsonld for any other page, and for a board host without a board name', () => {
    expect(kindOf('https://careers.example.com/jobs')).toBe('jsonld');
    expect(kindOf('https://jobs.lever.co/')).toBe('jsonld');
    expect(kindOf('https://nvidia.wd5.myworkdayjobs.com/')).toBe('jsonld');
    expect(kindOf('https://greenhouse.io.example.com/acme')).toBe('jsonld');
  });

  it('lets the configured kind win over the URL', () => {
    expect(kindOf('https://jobs.lever.co/palantir', { kind: 'jsonld' })).toBe('jsonld');
    expect(kindOf('https://careers.example.com', { kind: 'greenhouse' })).toBe('greenhouse');
  });

  it('reads a company with selectors and no kind as html', () => {
    const selectors = { item: '.job', title: 'h3' };
    expect(kindOf('https://careers.example.com/jobs', { selectors })).toBe('html');
    expect(kindOf('https://careers.example.com/jobs', { selectors, kind: 'browser' })).toBe('browser');
  });

  it('names the company and the available kinds when a kind is not built in', () => {
    const co = company('https://example.com', { kind: 'workday' });
    expect(() => resolveSource(co, [greenhouse])).toThrow(ConfigError);
    expect(() => resolveSource(co, [greenhouse])).toThrow(
      'companies: "Co": kind "workday" is not available in this build (available: greenhouse)',
    );
  });
});

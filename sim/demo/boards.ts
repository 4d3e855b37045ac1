import type { CompanyConfig, ConfigInput } from '../../src/config/schema.js';
import { generateBoards } from '../data.js';
import { CAREERS_APP_SELECTORS, CAREERS_HTML_SELECTORS } from '../selectors.js';
import type { SimBoard, SimKind } from '../types.js';

/**
 * The built-in simulated career sites: one company on every kind of board, with real board URLs
 * for the API kinds (reached through `sources.<kind>.api_base`) and simulator pages for the rest.
 */
export interface DemoCompany {
  kind: SimKind;
  slug: string;
  name: string;
  jobs: number;
  url(origin: string): string;
  selectors?: CompanyConfig['selectors'];
}

export const DEMO_COMPANIES: DemoCompany[] = [
  {
    kind: 'greenhouse',
    slug: 'acmelabs',
    name: 'Acme Labs',
    jobs: 40,
    url: () => 'https://boards.greenhouse.io/acmelabs',
  },
  {
    kind: 'lever',
    slug: 'globex',
    name: 'Globex Cloud',
    jobs: 30,
    url: () => 'https://jobs.lever.co/globex',
  },
  {
    kind: 'ashby',
    slug: 'initech',
    name: 'Initech Robotics',
    jobs: 25,
    url: () => 'https://jobs.ashbyhq.com/initech',
  },
  {
    kind: 'workday',
    slug: 'umbrella/External',
    name: 'Umbrella Health',
    jobs: 45,
    url: () => 'https://umbrella.wd5.myworkdayjobs.com/External',
  },
  {
    kind: 'smartrecruiters',
    slug: 'hooli',
    name: 'Hooli',
    jobs: 120,
    url: () => 'https://jobs.smartrecruiters.com/hooli',
  },
  {
    kind: 'jsonld',
    slug: 'vandelay',
    name: 'Vandelay Industries',
    jobs: 12,
    url: (o) => `${o}/careers/vandelay/jsonld`,
  },
  {
    kind: 'html',
    slug: 'stark',
    name: 'Stark Energy',
    jobs: 25,
    url: (o) => `${o}/careers/stark/html`,
    selectors: CAREERS_HTML_SELECTORS,
  },
];

/** A JS-rendered careers site: listings appear only after client-side script, with "load more". */
export const DEMO_BROWSER_COMPANY: DemoCompany = {
  kind: 'browser',
  slug: 'wayne',
  name: 'Wayne Robotics',
  jobs: 18,
  url: (o) => `${o}/careers/wayne/app`,
  selectors: CAREERS_APP_SELECTORS,
};

/** The simulator boards behind DEMO_COMPANIES (deterministic). */
export function demoBoards(companies: DemoCompany[] = DEMO_COMPANIES, seed = 7): SimBoard[] {
  return generateBoards(
    companies.map((c) => ({ kind: c.kind, slug: c.slug, companyName: c.name, jobs: c.jobs })),
    seed,
  );
}

/** A config for the demo (or a test) against a simulator at `origin`. */
export function demoConfig(
  origin: string,
  opts: { resume: string; outputDir: string; companies?: DemoCompany[] },
): ConfigInput {
  const companies = opts.companies ?? DEMO_COMPANIES;
  return {
    resume: opts.resume,
    output_dir: opts.outputDir,
    parallel_workers: 5,
    min_score: 50,
    top_per_company: 2,
    search: { roles: ['Backend Engineer', 'Software Engineer'], exclude: ['Intern'] },
    llm: { provider: 'offline' },
    sources: {
      greenhouse: { api_base: origin },
      lever: { api_base: origin },
      ashby: { api_base: origin },
      workday: { api_base: origin },
      smartrecruiters: { api_base: origin },
    },
    companies: companies.map((c) => ({
      name: c.name,
      url: c.url(origin),
      kind: c.kind,
      ...(c.selectors ? { selectors: c.selectors } : {}),
    })),
  };
}

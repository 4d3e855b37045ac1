import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBoards } from '../../../sim/data.js';
import { CAREERS_HTML_SELECTORS } from '../../../sim/selectors.js';
import type { SimBoard, SimKind } from '../../../sim/types.js';
import type { CompanyConfig, ConfigInput } from '../../../src/config/schema.js';

/**
 * The small world every scenario runs in: a few boards of different kinds, a config that takes
 * every listing (min_score 0, no per-company cap) so the jobs expected are exactly the boards'
 * public jobs, short timeouts, and a fake API key that must never be written anywhere.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const RESUME = path.join(REPO_ROOT, 'tests/fixtures/resumes/jsonresume-sample.resume.json');

/** Random per process, so a leak found in a file cannot be a leftover of an earlier run. */
export const FAKE_API_KEY = `sk-e2e-${randomBytes(18).toString('hex')}`;

export type E2eKind = Extract<SimKind, 'greenhouse' | 'lever' | 'smartrecruiters' | 'html'>;

export interface E2eCompany {
  kind: E2eKind;
  slug: string;
  name: string;
  jobs: number;
}

/**
 * Words that make every title unique within a board: same-title listings in different cities
 * would rightly be merged into one job by the matcher, and the count expected would be wrong.
 */
const TITLE_WORDS = [
  'Atlas',
  'Borealis',
  'Cobalt',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Indigo',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Onyx',
  'Prism',
  'Quartz',
  'Raven',
  'Sierra',
  'Tundra',
];

/** Deterministic boards whose titles are unique per board. */
export function e2eBoards(companies: E2eCompany[], seed = 11): SimBoard[] {
  return generateBoards(
    companies.map((c) => ({ kind: c.kind, slug: c.slug, companyName: c.name, jobs: c.jobs })),
    seed,
  ).map((board) => ({
    ...board,
    jobs: board.jobs.map((job, i) => ({
      ...job,
      title:
        `${job.title.replace(/ Intern$/, '')}, ${TITLE_WORDS[i % TITLE_WORDS.length]} ${Math.floor(i / TITLE_WORDS.length) || ''}`.trim(),
      employmentType: job.employmentType === 'Intern' ? 'FullTime' : job.employmentType,
    })),
  }));
}

function companyConfig(company: E2eCompany, origin: string): CompanyConfig {
  switch (company.kind) {
    case 'greenhouse':
      return { name: company.name, url: `https://boards.greenhouse.io/${company.slug}`, kind: 'greenhouse' };
    case 'lever':
      return { name: company.name, url: `https://jobs.lever.co/${company.slug}`, kind: 'lever' };
    case 'smartrecruiters':
      return {
        name: company.name,
        url: `https://jobs.smartrecruiters.com/${company.slug}`,
        kind: 'smartrecruiters',
      };
    case 'html':
      return {
        name: company.name,
        url: `${origin}/careers/${encodeURIComponent(company.slug)}/html`,
        kind: 'html',
        selectors: CAREERS_HTML_SELECTORS,
      };
  }
}

export interface E2eConfigOptions {
  origin: string;
  outputDir: string;
  companies: E2eCompany[];
  /** The local OpenAI-compatible server; without it generation is offline. */
  llmBaseUrl?: string;
  http?: Partial<NonNullable<ConfigInput['http']>>;
  llm?: Partial<NonNullable<ConfigInput['llm']>>;
}

export function e2eConfig(opts: E2eConfigOptions): ConfigInput {
  const api = { api_base: opts.origin };
  return {
    resume: RESUME,
    output_dir: opts.outputDir,
    parallel_workers: 4,
    min_score: 0,
    top_per_company: false,
    search: { roles: ['Backend Engineer', 'Software Engineer'] },
    llm: opts.llmBaseUrl
      ? {
          provider: 'openai',
          model: 'sim-model',
          base_url: opts.llmBaseUrl,
          concurrency: 2,
          requests_per_minute: 6000,
          timeout_ms: 3000,
          max_retries: 4,
          ...opts.llm,
        }
      : { provider: 'offline' },
    http: { timeout_ms: 1500, retries: 3, ...opts.http },
    sources: { greenhouse: api, lever: api, smartrecruiters: api },
    companies: opts.companies.map((c) => companyConfig(c, opts.origin)),
  };
}

/** A scratch folder per scenario: the config and the output live in it, nothing else does. */
export interface Workspace {
  root: string;
  outDir: string;
  configFile: string;
  writeConfig(config: ConfigInput | string, file?: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createWorkspace(name: string): Promise<Workspace> {
  const root = await mkdtemp(path.join(tmpdir(), `jm-e2e-${name}-`));
  const outDir = path.join(root, 'out');
  const configFile = path.join(root, 'config.json');
  return {
    root,
    outDir,
    configFile,
    async writeConfig(config, file = configFile) {
      const target = path.resolve(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, typeof config === 'string' ? config : `${JSON.stringify(config, null, 2)}\n`);
      return target;
    },
    // E2E_KEEP=1 keeps the folder to look at after a failure.
    remove: async () => {
      if (process.env['E2E_KEEP']) process.stderr.write(`[e2e] kept ${root}\n`);
      else await rm(root, { recursive: true, force: true });
    },
  };
}

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StageDeps } from '../../src/app/context.js';
import { BrowserConfig, HttpConfig, LlmConfig } from '../../src/config/schema.js';
import type { FetchedJob } from '../../src/fetch/types.js';
import { createLimiter } from '../../src/generate/limiter.js';
import { type BrowserProvider, LazyBrowser } from '../../src/infra/browser.js';
import { FixedClock } from '../../src/infra/clock.js';
import { KyHttpClient } from '../../src/infra/http/client.js';
import { createLlmClient } from '../../src/infra/llm.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import type { Profile } from '../../src/profile/types.js';

/**
 * Real peers for the generate tests: the openai SDK (through createLlmClient) pointed at the local
 * LLM server, a lazily launched Chromium, a temporary cache folder, a clock that stands still.
 */
export interface GenerateHarness {
  deps: StageDeps<'http' | 'browser' | 'clock' | 'llm' | 'llmLimiter'>;
  logger: MemoryLogger;
  abort: AbortController;
  cacheDir: string;
  llm: LlmConfig;
  close(): Promise<void>;
}

export async function generateHarness(
  options: { baseUrl?: string; llm?: Partial<LlmConfig>; browser?: BrowserProvider; cacheDir?: string } = {},
): Promise<GenerateHarness> {
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const cacheDir = options.cacheDir ?? (await mkdtemp(path.join(tmpdir(), 'jm-gen-cache-')));
  const llm = LlmConfig.parse({
    model: 'sim-model',
    max_retries: 2,
    timeout_ms: 10_000,
    ...(options.baseUrl ? { base_url: options.baseUrl } : {}),
    ...options.llm,
  });
  const browser = options.browser ?? new LazyBrowser(BrowserConfig.parse({}), logger);
  const http = new KyHttpClient({ ...HttpConfig.parse({}), logger });
  return {
    deps: {
      http,
      browser,
      llm: options.baseUrl ? createLlmClient(llm, 'sk-test-local-server-key') : null,
      logger,
      llmLimiter: createLimiter({
        concurrency: llm.concurrency,
        requestsPerInterval: llm.requests_per_minute,
      }),
      clock: new FixedClock(new Date('2026-11-20T09:00:00Z')),
      signal: abort.signal,
    },
    logger,
    abort,
    cacheDir,
    llm,
    async close() {
      if (!options.browser) await browser.close();
      if (!options.cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

interface JsonResume {
  basics: {
    name: string;
    label: string;
    email: string;
    phone: string;
    url: string;
    summary: string;
    location: { city: string; region: string };
  };
  work: Array<{
    name: string;
    position: string;
    location: string;
    startDate: string;
    endDate: string;
    highlights: string[];
  }>;
  education: Array<{
    institution: string;
    studyType: string;
    area: string;
    startDate: string;
    endDate: string;
  }>;
  skills: Array<{ name: string; keywords: string[] }>;
  projects: Array<{ name: string; description: string; highlights: string[]; url: string }>;
}

const month = (date: string) => date.slice(0, 7);

/** The JSON Resume sample converted by hand (H3 writes the real reader). */
export function sampleProfile(): Profile {
  const file = path.join(import.meta.dirname, '../fixtures/resumes/jsonresume-sample.resume.json');
  const r = JSON.parse(readFileSync(file, 'utf8')) as JsonResume;
  const skills = r.skills.flatMap((s) => [s.name, ...s.keywords]);
  return {
    name: r.basics.name,
    label: r.basics.label,
    contact: {
      email: r.basics.email,
      phone: r.basics.phone,
      location: `${r.basics.location.city}, ${r.basics.location.region}`,
      links: [r.basics.url],
    },
    summary: r.basics.summary,
    skills,
    work: r.work.map((w) => ({
      employer: w.name,
      title: w.position,
      location: w.location,
      startDate: month(w.startDate),
      endDate: month(w.endDate),
      bullets: w.highlights,
    })),
    education: r.education.map((e) => ({
      institution: e.institution,
      degree: e.studyType,
      area: e.area,
      startDate: month(e.startDate),
      endDate: month(e.endDate),
    })),
    projects: r.projects.map((p) => ({
      name: p.name,
      description: p.description,
      bullets: p.highlights,
      url: p.url,
    })),
    certifications: [],
    targetRoles: [r.basics.label],
    keywords: skills.map((s) => s.toLowerCase()),
    source: { file, format: 'json-resume' },
  };
}

/** A backend engineer with numbers in the bullets and a current role. */
export function engineerProfile(): Profile {
  return {
    name: 'Dana Okafor',
    label: 'Backend Engineer',
    contact: {
      email: 'dana@example.com',
      phone: '+49 30 1234567',
      location: 'Berlin, Germany',
      links: ['https://github.com/dana-example'],
    },
    summary: 'Backend engineer who builds reliable payment systems.',
    skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'AWS', 'Python', 'React', 'Docker'],
    work: [
      {
        employer: 'Paylane',
        title: 'Senior Backend Engineer',
        location: 'Berlin',
        startDate: '2021-03',
        endDate: null,
        bullets: [
          'Designed the React admin dashboard used by the support team',
          'Cut p99 latency of the payments API by 40% by moving hot paths to PostgreSQL partial indexes',
          'Built a Node.js event pipeline on AWS that processes 2,000,000 transactions a day',
          'Mentored 4 engineers through their first on-call rotation',
        ],
      },
      {
        employer: 'Shopwise',
        title: 'Software Engineer',
        location: 'Hamburg',
        startDate: '2017-09',
        endDate: '2021-02',
        bullets: [
          'Wrote Python data jobs that reconciled supplier invoices',
          'Migrated 12 services to Docker containers',
          'Added TypeScript types to the checkout frontend',
        ],
      },
    ],
    education: [
      {
        institution: 'TU Berlin',
        degree: 'BSc',
        area: 'Computer Science',
        startDate: '2013',
        endDate: '2017',
      },
    ],
    projects: [
      {
        name: 'ledgerlite',
        description: 'A small double-entry ledger library',
        bullets: ['Published on npm'],
        url: null,
      },
    ],
    certifications: ['AWS Certified Developer'],
    targetRoles: ['Backend Engineer'],
    keywords: ['typescript', 'node.js', 'postgresql', 'aws', 'python', 'react', 'docker'],
    source: { file: '/tmp/dana.json', format: 'json-resume' },
  };
}

/** Fifteen roles of six long bullets: far more than two pages. */
export function longCareerProfile(): Profile {
  const base = engineerProfile();
  const work = Array.from({ length: 15 }, (_, i) => ({
    employer: `Company ${String.fromCharCode(65 + i)}`,
    title: i % 2 ? 'Software Engineer' : 'Backend Engineer',
    location: 'Berlin',
    startDate: `${2024 - i}-01`,
    endDate: i === 0 ? null : `${2025 - i}-01`,
    bullets: Array.from(
      { length: 6 },
      (_, j) =>
        `Owned service number ${j + 1} end to end, from design reviews and PostgreSQL schema changes through rollout, monitoring and the on-call handbook`,
    ),
  }));
  return { ...base, work };
}

export const BACKEND_AD = [
  '## About Acme',
  'Acme runs the payment rails for small online shops.',
  '',
  '## The role',
  'We are hiring a Backend Engineer to build our payments API in Node.js and PostgreSQL on AWS.',
  'You will work on latency, reliability and transactions at scale.',
  '',
  '## Requirements',
  '- TypeScript and Node.js',
  '- PostgreSQL performance tuning',
  '- Kubernetes is a plus',
].join('\n');

export function makeJob(
  options: { company?: string; title?: string; description?: string; id?: string } = {},
): FetchedJob {
  const company = options.company ?? 'Acme';
  const jobId = options.id ?? '1001';
  return {
    listing: {
      id: `greenhouse:${company.toLowerCase()}:${jobId}`,
      kind: 'greenhouse',
      board: company.toLowerCase(),
      jobId,
      company,
      title: options.title ?? 'Backend Engineer',
      locations: ['Berlin'],
      remote: null,
      department: 'Engineering',
      employmentType: 'FullTime',
      url: `https://boards.greenhouse.io/${company.toLowerCase()}/jobs/${jobId}`,
      postedAt: null,
      updatedAt: null,
      requisitionId: null,
      description: null,
    },
    score: { total: 80, reasons: [], matchedRole: 'Backend Engineer', matchedKeywords: [], excluded: false },
    duplicates: [],
    detail: {
      markdown: options.description ?? BACKEND_AD,
      source: 'listing',
      url: null,
      fetchedAt: '2026-11-20T09:00:00Z',
    },
    fetchError: null,
  };
}

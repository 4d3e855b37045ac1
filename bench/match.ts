import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { generateJobs } from '../sim/data.js';
import { createRng } from '../sim/rng.js';
import { MatchConfig, SearchConfig } from '../src/config/schema.js';
import { createMatcher, type ScoredJob, scoreListing } from '../src/match/index.js';
import type { Profile } from '../src/profile/types.js';
import type { JobListing } from '../src/sources/types.js';

/**
 * Scoring throughput: `count` simulator listings (with their HTML descriptions, as Greenhouse
 * sends them with content=true, the costliest case) scored against one backend profile.
 */

const PROFILE: Profile = {
  name: 'Bench Candidate',
  label: 'Backend Engineer',
  contact: { email: null, phone: null, location: 'Berlin, Germany', links: [] },
  summary: null,
  skills: ['TypeScript', 'Node.js', 'PostgreSQL', 'Kubernetes', 'AWS', 'Kafka', 'GraphQL', 'Go'],
  work: [
    {
      employer: 'Parcelly',
      title: 'Backend Engineer',
      location: null,
      startDate: '2021-03',
      endDate: null,
      bullets: [],
    },
  ],
  education: [],
  projects: [],
  certifications: [],
  targetRoles: ['Backend Engineer', 'Platform Engineer', 'Site Reliability Engineer'],
  keywords: [
    'typescript',
    'node.js',
    'postgresql',
    'kubernetes',
    'aws',
    'kafka',
    'graphql',
    'go',
    'python',
    'sql',
  ],
  source: { file: 'bench', format: 'json-resume' },
};

function simulatedListings(count: number): JobListing[] {
  const jobs = generateJobs(createRng(20_261_001), 'Acme Labs', count, 1);
  return jobs.map((job) => ({
    id: `greenhouse:acmelabs:${job.id}`,
    kind: 'greenhouse',
    board: 'acmelabs',
    jobId: job.id,
    company: 'Acme Labs',
    title: job.title,
    locations: job.locations,
    remote: job.remote,
    department: job.department,
    employmentType: job.employmentType,
    url: `https://boards.greenhouse.io/acmelabs/jobs/${job.id}`,
    postedAt: job.postedAt,
    updatedAt: job.updatedAt,
    requisitionId: job.requisitionId,
    description: { format: 'html', content: job.descriptionHtml },
  }));
}

export async function benchScoring(
  count = 100_000,
): Promise<{ listings: number; ms: number; perListingUs: number; peakRssMb: number }> {
  const listings = simulatedListings(count);
  const config = {
    search: SearchConfig.parse({ locations: ['Berlin', 'Remote'], exclude: ['Intern'] }),
    match: MatchConfig.parse({}),
  };
  const started = performance.now();
  const matcher = createMatcher(PROFILE, config);
  const scored: ScoredJob[] = new Array(listings.length);
  for (let i = 0; i < listings.length; i++) scored[i] = scoreListing(matcher, listings[i]!);
  const ms = performance.now() - started;
  // maxRSS is in kilobytes; it covers generation too, so it is an upper bound for scoring.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  if (scored.length !== count) throw new Error(`scored ${scored.length} of ${count} listings`);
  return {
    listings: count,
    ms: Math.round(ms),
    perListingUs: Math.round(((ms * 1000) / count) * 10) / 10,
    peakRssMb: Math.round(peakRssMb),
  };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  const count = Number(process.argv[2] ?? 100_000);
  const result = await benchScoring(count);
  console.log(
    `[bench] match: scored ${result.listings} listings in ${result.ms} ms (${result.perListingUs} µs each), peak RSS ${result.peakRssMb} MB`,
  );
}

import { createRng, pick, type Rng } from './rng.js';
import type { SimBoard, SimJob, SimKind } from './types.js';

/**
 * Deterministic, realistic boards: the same seed gives the same companies, titles, locations and
 * descriptions on every run, so tests, the demo and the benchmarks repeat exactly.
 */

interface RoleFamily {
  department: string;
  titles: string[];
  skills: string[];
}

const FAMILIES: RoleFamily[] = [
  {
    department: 'Engineering',
    titles: [
      'Software Engineer, Backend',
      'Backend Engineer',
      'Senior Backend Engineer',
      'Staff Software Engineer, Platform',
      'Full Stack Engineer',
      'Frontend Engineer',
      'Software Engineer II',
      'Site Reliability Engineer',
      'Platform Engineer',
      'Engineering Manager, Payments',
      'Software Engineer, Infrastructure',
      'Senior Software Engineer (Node.js)',
      'Mobile Engineer, iOS',
      'Software Engineer Intern',
    ],
    skills: [
      'TypeScript',
      'Node.js',
      'Go',
      'Python',
      'PostgreSQL',
      'Kubernetes',
      'AWS',
      'React',
      'GraphQL',
      'Kafka',
    ],
  },
  {
    department: 'Data',
    titles: [
      'Data Engineer',
      'Senior Data Scientist',
      'Machine Learning Engineer',
      'Analytics Engineer',
      'Data Analyst',
      'ML Research Scientist',
    ],
    skills: ['Python', 'SQL', 'Spark', 'dbt', 'Airflow', 'PyTorch', 'Snowflake', 'statistics'],
  },
  {
    department: 'Product',
    titles: ['Product Manager', 'Senior Product Manager, Growth', 'Product Designer', 'UX Researcher'],
    skills: ['roadmaps', 'user research', 'Figma', 'experimentation', 'SQL'],
  },
  {
    department: 'Go To Market',
    titles: [
      'Account Executive',
      'Solutions Engineer',
      'Customer Success Manager',
      'Sales Development Representative',
      'Marketing Manager',
    ],
    skills: ['Salesforce', 'negotiation', 'presentations', 'HubSpot', 'SaaS'],
  },
  {
    department: 'Operations',
    titles: ['Recruiter', 'People Partner', 'Financial Analyst', 'Office Manager', 'Legal Counsel'],
    skills: ['Excel', 'Workday', 'communication', 'compliance'],
  },
];

const LOCATIONS = [
  'San Francisco, CA',
  'New York, NY',
  'Seattle, WA',
  'Austin, TX',
  'London, United Kingdom',
  'Berlin, Germany',
  'Toronto, Canada',
  'Dublin, Ireland',
  'Amsterdam, Netherlands',
  'São Paulo, Brazil',
  'Remote - US',
  'Remote - Europe',
];

const COMPANY_PARTS = [
  ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne'],
  ['Labs', 'Systems', 'Cloud', 'Robotics', 'Analytics', 'Health', 'Pay', 'AI', 'Logistics', 'Energy'],
];

const EMPLOYMENT: SimJob['employmentType'][] = [
  'FullTime',
  'FullTime',
  'FullTime',
  'FullTime',
  'Contract',
  'PartTime',
];

function paragraph(rng: Rng, company: string, title: string, skills: string[]): string {
  const chosen = [...skills].sort(() => rng() - 0.5).slice(0, 4);
  return [
    `<h2>About ${company}</h2>`,
    `<p>${company} builds software that thousands of teams rely on every day. We are growing and hiring a ${title} to join us.</p>`,
    '<h2>What you will do</h2>',
    '<ul>',
    `<li>Design, build and operate services used by millions of customers.</li>`,
    `<li>Work with ${chosen[0]} and ${chosen[1]} in a team that ships every day.</li>`,
    '<li>Collaborate with product, design and data to decide what to build next.</li>',
    '</ul>',
    '<h2>What we are looking for</h2>',
    '<ul>',
    ...chosen.map((s) => `<li>Experience with ${s}.</li>`),
    `<li>${2 + Math.floor(rng() * 6)}+ years of professional experience.</li>`,
    '</ul>',
    '<p>We offer competitive pay, equity, and a flexible hybrid workplace &amp; generous leave.</p>',
  ].join('\n');
}

export interface BoardSpec {
  kind: SimKind;
  slug: string;
  companyName: string;
  jobs: number;
}

/** Jobs for one board: `count` postings with ids unique across the whole simulator. */
export function generateJobs(rng: Rng, company: string, count: number, idBase: number): SimJob[] {
  const jobs: SimJob[] = [];
  const base = Date.UTC(2026, 9, 1);
  for (let i = 0; i < count; i++) {
    const family = pick(rng, FAMILIES);
    const title = pick(rng, family.titles);
    const location = pick(rng, LOCATIONS);
    const posted = new Date(base + Math.floor(rng() * 50) * 86_400_000);
    const updated = new Date(posted.getTime() + Math.floor(rng() * 5) * 86_400_000);
    jobs.push({
      id: String(idBase + i),
      requisitionId: `R${String(100_000 + idBase + i)}`,
      title,
      department: family.department,
      team: `${family.department} ${pick(rng, ['Core', 'Platform', 'Growth', 'Enterprise'])}`,
      locations: [location],
      remote: location.startsWith('Remote'),
      employmentType: title.includes('Intern') ? 'Intern' : pick(rng, EMPLOYMENT),
      postedAt: posted.toISOString(),
      updatedAt: updated.toISOString(),
      descriptionHtml: paragraph(rng, company, title, family.skills),
    });
  }
  return jobs;
}

/** Boards for the given specs; ids are unique across boards so stable ids never collide. */
export function generateBoards(specs: BoardSpec[], seed = 42): SimBoard[] {
  const rng = createRng(seed);
  let idBase = 4_000_000;
  return specs.map((spec) => {
    const jobs = generateJobs(rng, spec.companyName, spec.jobs, idBase);
    idBase += spec.jobs + 1000;
    return {
      kind: spec.kind,
      slug: spec.slug,
      companyName: spec.companyName,
      about: `${spec.companyName} builds software that thousands of teams rely on every day.`,
      jobs,
    };
  });
}

/** `count` distinct company names ("Acme Labs", "Globex Cloud", ... "Acme Labs 2"). */
export function companyNames(count: number): string[] {
  const [first = [], second = []] = COMPANY_PARTS;
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const a = first[i % first.length];
    const b = second[Math.floor(i / first.length) % second.length];
    const round = Math.floor(i / (first.length * second.length));
    names.push(round === 0 ? `${a} ${b}` : `${a} ${b} ${round + 1}`);
  }
  return names;
}

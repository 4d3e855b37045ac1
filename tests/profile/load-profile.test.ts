import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/infra/logger.js';
import { loadProfile } from '../../src/profile/index.js';
import type { Profile } from '../../src/profile/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => path.join(here, 'fixtures', name);
const noSearch = { roles: [], keywords: [] };

const MAYA_FILES = [
  'maya-okafor.resume.json',
  'maya-okafor.md',
  'maya-okafor.txt',
  'maya-okafor.docx',
  'maya-okafor.pdf',
] as const;

/** Maya's jobs as every format must read them. */
const MAYA_WORK = [
  {
    employer: 'Lumen Payments GmbH',
    title: 'Senior Backend Engineer',
    location: 'Berlin, Germany',
    startDate: '2021-03',
    endDate: null,
    bullets: [
      'Led the migration of the settlement service from a monolith to Go microservices on Kubernetes, cutting nightly batch time by 60%',
      'Designed an idempotent payments API in Node.js and TypeScript that handles 2M requests per day',
      'Introduced OpenTelemetry tracing and SLO alerting across 14 services',
    ],
  },
  {
    employer: 'Cargoline',
    title: 'Backend Engineer',
    location: 'Hamburg, Germany',
    startDate: '2018-01',
    endDate: '2021-02',
    bullets: [
      'Built route-planning services in Node.js with PostgreSQL and Redis',
      'Cut AWS costs by 35% by moving batch jobs to spot instances',
    ],
  },
  {
    employer: 'Brightwave Studio',
    title: 'Software Developer',
    location: 'Lagos, Nigeria',
    startDate: '2016-06',
    endDate: '2017-12',
    bullets: [
      'Developed React and Django features for client web shops',
      'Set up CI/CD pipelines with GitHub Actions and Docker',
    ],
  },
];

const MAYA_SKILLS = [
  'TypeScript',
  'Go',
  'Python',
  'SQL',
  'Node.js',
  'gRPC',
  'Kafka',
  'PostgreSQL',
  'Redis',
  'Kubernetes',
  'Docker',
  'AWS',
  'Terraform',
];

describe('loadProfile: one person in every format', () => {
  const profiles = new Map<string, Profile>();
  const load = async (file: string): Promise<Profile> => {
    const cached = profiles.get(file);
    if (cached) return cached;
    const profile = await loadProfile(fixture(file), noSearch);
    profiles.set(file, profile);
    return profile;
  };

  it.each(MAYA_FILES)('%s: employers, titles, dates, places and bullets', async (file) => {
    const profile = await load(file);
    expect(profile.work).toEqual(MAYA_WORK);
  });

  it.each(MAYA_FILES)('%s: name, label, skills, education, projects, certifications', async (file) => {
    const profile = await load(file);
    expect(profile.name).toBe('Maya Okafor');
    expect(profile.label).toBe('Senior Backend Engineer');
    expect(profile.contact.email).toBe('maya.okafor@example.com');
    expect(profile.contact.phone).toBe('+49 30 5550 1234');
    expect(profile.skills).toEqual(MAYA_SKILLS);
    expect(profile.education).toEqual([
      {
        institution: 'Technical University of Munich',
        degree: 'MSc',
        area: 'Computer Science',
        startDate: '2014-10',
        endDate: '2016-09',
      },
      {
        institution: 'University of Lagos',
        degree: 'BSc',
        area: 'Computer Engineering',
        startDate: '2009',
        endDate: '2014',
      },
    ]);
    expect(profile.projects.map((p) => [p.name, p.description, p.url])).toEqual([
      [
        'ledgerlite',
        'An open-source double-entry ledger library for Node.js',
        'https://github.com/mayaokafor/ledgerlite',
      ],
    ]);
    expect(profile.certifications).toEqual(['Certified Kubernetes Application Developer (CKAD) — CNCF']);
    expect(profile.summary).toMatch(/^Backend engineer with nine years .* observability and mentoring\.$/);
  });

  it('every format gives the same target roles and keywords', async () => {
    const all = await Promise.all(MAYA_FILES.map(load));
    for (const profile of all) {
      expect(profile.targetRoles).toEqual(['Backend Engineer']);
      expect(profile.keywords).toEqual(all[0]!.keywords);
    }
    expect(all[0]!.keywords).toEqual(expect.arrayContaining(['node.js', 'go', 'kubernetes', 'postgresql']));
    // Salient terms from the bullets, not only the skills list.
    expect(all[0]!.keywords).toEqual(expect.arrayContaining(['opentelemetry', 'react', 'django', 'ci/cd']));
  });

  it('records the format and the absolute path', async () => {
    const formats = await Promise.all(MAYA_FILES.map(async (file) => (await load(file)).source));
    expect(formats.map((s) => s.format)).toEqual(['json-resume', 'markdown', 'text', 'docx', 'pdf']);
    expect(formats[4]!.file).toBe(fixture('maya-okafor.pdf'));
  });
});

describe('loadProfile: the JSON Resume sample', () => {
  it('reads every field the Profile keeps', async () => {
    const profile = await loadProfile(
      path.join(here, '..', 'fixtures', 'resumes', 'jsonresume-sample.resume.json'),
      noSearch,
    );
    expect(profile.name).toBe('Richard Hendriks');
    expect(profile.label).toBe('Programmer');
    expect(profile.contact).toEqual({
      email: 'richard.hendriks@mail.com',
      phone: '(912) 555-4321',
      location: 'San Francisco, California, US',
      // The Twitter profile has no URL; nothing is made up for it.
      links: ['http://richardhendricks.example.com', 'https://soundcloud.example.com/dandymusicnl'],
    });
    expect(profile.summary).toMatch(/^Richard hails from Tulsa\./);
    expect(profile.work).toEqual([
      {
        employer: 'Pied Piper',
        title: 'CEO/President',
        location: 'Palo Alto, CA',
        startDate: '2013-12',
        endDate: '2014-12',
        bullets: [
          'Build an algorithm for artist to detect if their music was violating copy right infringement laws',
          'Successfully won Techcrunch Disrupt',
          'Optimized an algorithm that holds the current world record for Weisman Scores',
        ],
      },
    ]);
    expect(profile.education).toEqual([
      {
        institution: 'University of Oklahoma',
        degree: 'Bachelor',
        area: 'Information Technology',
        startDate: '2011-06',
        endDate: '2014-01',
      },
    ]);
    expect(profile.skills).toEqual(['HTML', 'CSS', 'Javascript', 'Mpeg', 'MP4', 'GIF']);
    expect(profile.projects).toEqual([
      {
        name: 'Miss Direction',
        description: 'A mapping engine that misguides you',
        bullets: [
          'Won award at AIHacks 2016',
          'Built by all women team of newbie programmers',
          'Using modern technologies such as GoogleMaps, Chrome Extension and Javascript',
        ],
        url: 'missdirection.example.com',
      },
    ]);
    expect(profile.certifications).toEqual([]);
    expect(profile.targetRoles).toEqual(['CEO/President']);
    // "(Go Sooners and Cardinal!)" is a cheer, not the Go language.
    expect(profile.keywords).toEqual(['html', 'css', 'javascript', 'mpeg', 'mp4', 'gif']);
  });

  it('drops and reports bad list entries instead of failing', async () => {
    const logger = new MemoryLogger();
    const profile = await loadProfile(fixture('bad-entries.resume.json'), noSearch, { logger });
    expect(profile.work.map((w) => w.employer)).toEqual(['Good Co']);
    expect(profile.skills).toEqual(['Rust']);
    const warnings = logger.records.filter((r) => r.level === 'warn').map((r) => r.message);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('work[1]');
    expect(warnings[1]).toContain('work[2]: no name');
    expect(warnings[2]).toContain('skills[1]');
  });
});

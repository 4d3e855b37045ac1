import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobText } from '../../src/generate/job-text.js';
import { generateOffline } from '../../src/generate/offline.js';
import { loadProfile } from '../../src/profile/index.js';
import { describeChanges } from '../../src/tailor/changes.js';
import { JSON_RESUME_SCHEMA, toJsonResume } from '../../src/tailor/json-resume.js';
import { engineerProfile, makeJob } from '../generate/harness.js';
import { FIXTURES, readProfile } from './harness.js';

const NO_SEARCH = { roles: [], keywords: [] };

describe('profile.json (JSON Resume)', () => {
  it.each([
    'maya-okafor.docx',
    'maya-okafor.pdf',
    'maya-okafor.md',
    'maya-okafor.resume.json',
    'priya-raman.txt',
    'sam-rivera.txt',
    'jordan-rivera.md',
  ])('reads %s back into the same profile', async (name) => {
    const original = await loadProfile(path.join(FIXTURES, name), NO_SEARCH);
    const written = JSON.stringify(toJsonResume(original));
    const back = await readProfile('profile.json', Buffer.from(written));
    const { source: _a, ...was } = original;
    const { source: _b, ...is } = back;
    expect(is).toEqual(was);
    expect(JSON.parse(written).$schema).toBe(JSON_RESUME_SCHEMA);
  });
});

describe('what the tailoring changed', () => {
  it('names the skills moved up for the job and a rewritten summary', () => {
    const profile = engineerProfile();
    const description = '## The role\nBuild the React dashboard and Python data jobs, shipped in Docker.';
    const job = jobText(makeJob({ title: 'Full-stack Engineer', description }));
    const { resume } = generateOffline({ profile, job, companyAbout: null });
    // Every bullet kept in its order: no line for the roles.
    expect(describeChanges(profile, resume)).toEqual([
      'summary rewritten for the job',
      'skills led by Python, React, Docker, TypeScript, Node.js (the resume began with TypeScript, Node.js, PostgreSQL, AWS, Python)',
    ]);
  });

  it('says so when a role is left out, or bullets are reworded', () => {
    const profile = engineerProfile();
    const { resume } = generateOffline({ profile, job: jobText(makeJob()), companyAbout: null });
    const reworded = {
      ...resume,
      summary: profile.summary!,
      skills: profile.skills,
      work: [
        {
          ...resume.work[0]!,
          bullets: [{ text: 'Cut p99 latency of the payments API by 40%', source: 'work[0].bullets[1]' }],
        },
      ],
    };
    expect(describeChanges(profile, reworded)).toEqual([
      'Senior Backend Engineer, Paylane: 1 of 4 bullets kept, 1 reworded',
      'Software Engineer, Shopwise: left out',
    ]);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/match/index.js';
import { loadProfile } from '../../src/profile/index.js';
import { listing, matchConfig } from './fixtures/build.js';

const sample = path.resolve(import.meta.dirname, '../fixtures/resumes/jsonresume-sample.resume.json');

describe('matching with a profile read by the profile stage', () => {
  it('uses the roles derived from the resume and its normalised keywords', async () => {
    const profile = await loadProfile(sample, { roles: [], keywords: [] });
    const matcher = createMatcher(profile, matchConfig());
    const ceo = matcher.score(listing({ title: 'President & CEO' }));
    expect(ceo.matchedRole).toBe(profile.targetRoles[0]);
    const engineer = matcher.score(listing({ title: 'Backend Engineer' }));
    expect(engineer.matchedRole).toBeNull();
    expect(engineer.total).toBeLessThan(ceo.total);
  });

  it('finds resume skills in a description under their other spellings', async () => {
    const profile = await loadProfile(sample, { roles: ['Frontend Developer'], keywords: ['TypeScript'] });
    const matcher = createMatcher(profile, matchConfig());
    const job = listing({
      title: 'Front-End Developer',
      description: { format: 'html', content: '<ul><li>HTML5 and CSS3</li><li>Modern JS, some TS</li></ul>' },
    });
    const score = matcher.score(job);
    expect(score.matchedRole).toBe('Frontend Developer');
    expect(score.matchedKeywords).toEqual(expect.arrayContaining(['html', 'css', 'javascript']));
  });
});

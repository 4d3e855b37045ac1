import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createMatcher, type Matcher, rescore, scoreListing } from '../../src/match/index.js';
import type { Score } from '../../src/match/types.js';
import { backendProfile, listing, matchConfig } from './fixtures/build.js';

const matcher = createMatcher(backendProfile(), matchConfig({ locations: ['Berlin'] }));
const scoreOf = (title: string, m: Matcher = matcher): Score => m.score(listing({ title }));
const roleReason = (score: Score) => score.reasons.find((r) => r.kind === 'role');
const reasonSum = (score: Score) => score.reasons.reduce((sum, r) => sum + r.points, 0);

describe('title matching', () => {
  it('ignores word order and punctuation', () => {
    const reference = scoreOf('Backend Engineer');
    expect(reference.matchedRole).toBe('Backend Engineer');
    for (const title of [
      'Software Engineer, Backend',
      'Engineer - Backend',
      'Backend Engineer (Remote)',
      'Backend Engineer!!!',
      'BACKEND ENGINEER',
    ]) {
      const score = scoreOf(title);
      expect(score.total, title).toBe(reference.total);
      expect(score.matchedRole, title).toBe('Backend Engineer');
    }
  });

  it('reads back-end, back end and backend as one word', () => {
    const totals = ['Back-end Engineer', 'Back End Engineer', 'Backend Engineer', 'back‐end engineer'].map(
      (t) => scoreOf(t).total,
    );
    expect(new Set(totals).size).toBe(1);
  });

  it('expands abbreviations: SWE, Sr., Eng, ML', () => {
    const swe = createMatcher(
      backendProfile({ targetRoles: ['Software Engineer', 'Machine Learning Engineer'] }),
      matchConfig(),
    );
    const reference = swe.score(listing({ title: 'Software Engineer' })).total;
    expect(swe.score(listing({ title: 'SWE' })).total).toBe(reference);
    expect(swe.score(listing({ title: 'Software Eng.' })).total).toBe(reference);
    expect(swe.score(listing({ title: 'software-engineer' })).total).toBe(reference);
    const ml = swe.score(listing({ title: 'ML Engineer' }));
    expect(ml.matchedRole).toBe('Machine Learning Engineer');
    expect(ml.total).toBe(swe.score(listing({ title: 'Machine Learning Engineer' })).total);
  });

  it('treats developer as kin of engineer, slightly below an exact match', () => {
    const developer = scoreOf('Backend Developer');
    expect(developer.matchedRole).toBe('Backend Engineer');
    expect(developer.total).toBeLessThan(scoreOf('Backend Engineer').total);
    expect(developer.total).toBeGreaterThan(scoreOf('Frontend Engineer').total);
  });

  it('absorbs typos through the fuzzy word match', () => {
    const typo = scoreOf('Backedn Enginer');
    expect(typo.matchedRole).toBe('Backend Engineer');
    expect(roleReason(typo)?.detail).toContain('backend~backedn');
    expect(typo.total).toBeGreaterThan(scoreOf('Frontend Engineer').total);
    expect(typo.total).toBeLessThan(scoreOf('Backend Engineer').total);
    expect(scoreOf('Platfrom Engineer').matchedRole).toBe('Platform Engineer');
  });

  it('reads non-ASCII and non-English titles', () => {
    for (const title of [
      'Backend-Entwickler (m/w/d)',
      'Développeur Backend',
      'Ingeniero de Software Backend',
    ]) {
      expect(scoreOf(title).matchedRole, title).toBe('Backend Engineer');
    }
    const japanese = scoreOf('バックエンドエンジニア');
    expect(japanese.matchedRole).toBeNull();
    expect(Number.isFinite(japanese.total)).toBe(true);
  });

  it('ranks realistic titles from close to unrelated', () => {
    const order = [
      'Backend Engineer',
      'Software Engineer',
      'Frontend Engineer',
      'Engineering Manager, Payments',
    ].map((t) => scoreOf(t).total);
    expect([...order].sort((a, b) => b - a)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
    for (const title of [
      'Account Executive',
      'Product Designer',
      'Recruiter',
      'Engineering Manager, Payments',
    ]) {
      const score = scoreOf(title);
      expect(score.matchedRole, title).toBeNull();
      expect(score.total, title).toBeLessThan(40);
    }
  });
});

describe('seniority', () => {
  it('costs points without failing the role match', () => {
    const plain = scoreOf('Backend Engineer');
    const senior = scoreOf('Senior Backend Engineer');
    expect(senior.matchedRole).toBe('Backend Engineer');
    expect(roleReason(senior)?.points).toBe(roleReason(plain)?.points);
    const penalty = senior.reasons.find((r) => r.kind === 'penalty');
    expect(penalty?.detail).toBe('seniority: "senior" is 1 level above your mid level');
    expect(penalty?.points).toBe(-4);
    expect(senior.total).toBe(plain.total - 4);
    expect(scoreOf('Sr. Backend Engineer').total).toBe(senior.total);
  });

  it('grows with the distance between levels', () => {
    const plain = scoreOf('Backend Engineer').total;
    expect(scoreOf('Staff Backend Engineer').total).toBe(plain - 11);
    expect(scoreOf('Principal Backend Engineer').total).toBe(plain - 18);
    expect(scoreOf('Backend Engineer Intern').total).toBe(plain - 11);
    expect(scoreOf('Backend Engineer II').total).toBe(plain);
  });

  it('takes the level from the target roles when they state one', () => {
    const senior = createMatcher(backendProfile({ targetRoles: ['Senior Backend Engineer'] }), matchConfig());
    const atLevel = senior.score(listing({ title: 'Senior Backend Engineer' }));
    expect(atLevel.reasons.some((r) => r.kind === 'penalty')).toBe(false);
    const junior = senior.score(listing({ title: 'Junior Backend Engineer' }));
    expect(junior.reasons.find((r) => r.kind === 'penalty')?.detail).toContain(
      '2 levels below your senior level',
    );
  });
});

describe('reasons', () => {
  it('names the role, the keywords, the location, and adds up to the total', () => {
    const job = listing({
      title: 'Senior Software Engineer (Node.js)',
      description: {
        format: 'html',
        content: '<p>We use <b>TypeScript</b>, PostgreSQL and Kafka on AWS.</p>',
      },
    });
    const score = matcher.score(job);
    const kinds = score.reasons.map((r) => r.kind);
    expect(kinds).toEqual(['role', 'keyword', 'description', 'location', 'penalty']);
    expect(score.reasons[0]?.detail).toMatch(/matches target role "Backend Engineer" at \d+%/);
    expect(score.reasons[1]?.detail).toBe('in title: node.js');
    expect(score.reasons[2]?.detail).toContain('in description: typescript, postgresql, kafka, aws');
    expect(score.reasons[3]?.detail).toBe('"Berlin, Germany" is in your preferred "Berlin"');
    expect(score.matchedKeywords).toEqual(['node.js', 'typescript', 'postgresql', 'kafka', 'aws']);
    expect(Math.abs(reasonSum(score) - score.total)).toBeLessThanOrEqual(0.6);
  });

  it('says so when no keyword appears', () => {
    const job = listing({
      title: 'Backend Engineer',
      description: { format: 'text', content: 'Great team.' },
    });
    const score = matcher.score(job);
    expect(score.matchedKeywords).toEqual([]);
    expect(score.reasons.find((r) => r.kind === 'keyword')).toEqual({
      kind: 'keyword',
      detail: 'none of your 8 keywords appear in the title, department or description',
      points: 0,
    });
  });

  it('uses config search.keywords on top of the profile keywords', () => {
    const withExtra = createMatcher(backendProfile(), matchConfig({ keywords: ['Terraform'] }));
    const job = listing({
      title: 'Platform Engineer',
      description: { format: 'text', content: 'Terraform daily' },
    });
    expect(withExtra.score(job).matchedKeywords).toEqual(['Terraform']);
    expect(matcher.score(job).matchedKeywords).toEqual([]);
  });
});

describe('exclude words', () => {
  const strict = createMatcher(backendProfile(), matchConfig({ exclude: ['Senior', 'Intern', 'Staff'] }));

  it('drop titles holding the word, in any spelling, as whole words only', () => {
    for (const title of [
      'Senior Backend Engineer',
      'Sr. Backend Engineer',
      'Backend Engineer Intern',
      'Backend Engineering Internship',
      'Staff Software Engineer, Platform',
    ]) {
      const score = strict.score(listing({ title }));
      expect(score.excluded, title).toBe(true);
      expect(score.total, title).toBe(0);
    }
    for (const title of ['Backend Engineer', 'Internal Tools Engineer', 'Staffing Platform Engineer']) {
      expect(strict.score(listing({ title })).excluded, title).toBe(false);
    }
  });

  it('keep the points the job lost in the exclude reason', () => {
    const excluded = strict.score(listing({ title: 'Senior Backend Engineer' }));
    const wouldBe = matcher.score(listing({ title: 'Senior Backend Engineer' })).total;
    expect(excluded.reasons.at(-1)).toEqual({
      kind: 'exclude',
      detail: 'title contains the excluded word "Senior" (search.exclude)',
      points: -wouldBe,
    });
  });
});

describe('weights', () => {
  it('come from config: title alone gives the role similarity as the score', () => {
    const titleOnly = createMatcher(
      backendProfile(),
      matchConfig({}, { title: 1, keywords: 0, location: 0 }),
    );
    expect(titleOnly.score(listing({ title: 'Backend Engineer' })).total).toBe(100);
    const frontend = titleOnly.score(listing({ title: 'Frontend Engineer' }));
    expect(frontend.total).toBe(Math.round(roleReason(frontend)?.points ?? -1));
    expect(frontend.total).toBeLessThan(100);
  });

  it('shift the score when location weighs more', () => {
    const london = listing({ title: 'Backend Engineer', locations: ['London, United Kingdom'] });
    const light = createMatcher(backendProfile(), matchConfig({ locations: ['Berlin'] }, { location: 0.1 }));
    const heavy = createMatcher(backendProfile(), matchConfig({ locations: ['Berlin'] }, { location: 1 }));
    expect(heavy.score(london).total).toBeLessThan(light.score(london).total);
  });

  it('all zero is a config error', () => {
    expect(() =>
      createMatcher(backendProfile(), matchConfig({}, { title: 0, keywords: 0, location: 0 })),
    ).toThrow(ConfigError);
  });
});

describe('description and rescore', () => {
  const bare = listing({ title: 'Backend Engineer', description: null });
  const before = scoreListing(matcher, bare);

  it('counts keywords at half until the description is read', () => {
    const prior = before.score.reasons.find((r) => r.kind === 'description');
    expect(prior?.detail).toBe('description not read yet: keywords counted at 50% until it is');
    expect(prior?.points).toBe(15);
  });

  it('rescoring with a rich description raises the score and lists what it found', () => {
    const markdown =
      '## What you will do\n- Build APIs in **TypeScript** and Node.js\n- Run PostgreSQL, Kafka and Kubernetes on AWS';
    const after = rescore(before, markdown, matcher);
    expect(after.score.total).toBeGreaterThan(before.score.total);
    expect(after.score.matchedKeywords).toEqual([
      'typescript',
      'node.js',
      'postgresql',
      'kafka',
      'kubernetes',
      'aws',
    ]);
    expect(after.listing).toBe(before.listing);
  });

  it('rescoring with an unrelated description can drop the job below min_score', () => {
    const generic = scoreListing(matcher, listing({ title: 'Software Engineer', description: null }));
    const markdown = '## About the role\nYou will own our Salesforce reporting and quarterly board decks.';
    const after = rescore(generic, markdown, matcher);
    expect(generic.score.total).toBeGreaterThanOrEqual(60);
    expect(after.score.total).toBeLessThan(60);
    expect(after.score.reasons.some((r) => r.detail.includes('not read yet'))).toBe(false);
  });

  it('reads the listing description when the board sent one (Greenhouse escapes its HTML)', () => {
    const escaped = listing({
      title: 'Backend Engineer',
      description: { format: 'html', content: '&lt;p&gt;Go, Kubernetes &amp;amp; GraphQL&lt;/p&gt;' },
    });
    expect(matcher.score(escaped).matchedKeywords).toEqual(['go', 'kubernetes', 'graphql']);
  });
});

import { describe, expect, it } from 'vitest';
import { deriveKeywords } from '../../src/profile/build-profile.js';
import {
  aliasesOf,
  findKnownKeywords,
  KEYWORD_ALIASES,
  normalizeKeyword,
  sameKeyword,
} from '../../src/profile/keywords.js';
import type { ResumeContent } from '../../src/profile/types.js';

describe('normalizeKeyword', () => {
  it.each([
    ['Node.js', 'node.js'],
    ['NodeJS', 'node.js'],
    ['node', 'node.js'],
    ['Node JS', 'node.js'],
    ['node-js', 'node.js'],
    ['JS', 'javascript'],
    ['JavaScript', 'javascript'],
    ['TS', 'typescript'],
    ['Type Script', 'typescript'],
    ['Golang', 'go'],
    ['Go', 'go'],
    ['k8s', 'kubernetes'],
    ['Postgres', 'postgresql'],
    ['PostgreSQL', 'postgresql'],
    ['React.js', 'react'],
    ['ReactJS', 'react'],
    ['C#', 'c#'],
    ['csharp', 'c#'],
    ['C++', 'c++'],
    ['cpp', 'c++'],
    ['.NET', '.net'],
    ['dotnet', '.net'],
    ['Amazon Web Services', 'aws'],
    ['GCP', 'google cloud'],
    ['Google Cloud Platform', 'google cloud'],
    ['ML', 'machine learning'],
    ['Machine Learning', 'machine learning'],
    ['CI/CD', 'ci/cd'],
    ['CICD', 'ci/cd'],
    ['Python 3', 'python'],
    ['WCAG 2.1', 'wcag'],
  ])('%s -> %s', (raw, canonical) => {
    expect(normalizeKeyword(raw)).toBe(canonical);
  });

  it('keeps unknown keywords, cleaned and lower-cased, and gives unknown "<name>js" the ".js" form', () => {
    expect(normalizeKeyword('  Spring   Boot, ')).toBe('spring boot');
    expect(normalizeKeyword('EmberJS')).toBe('ember.js');
    expect(normalizeKeyword('Ember.js')).toBe('ember.js');
    expect(normalizeKeyword('S3')).toBe('s3');
    expect(normalizeKeyword('  ')).toBe('');
  });

  it('every alias maps to a canonical form that maps to itself', () => {
    for (const [alias, canonical] of Object.entries(KEYWORD_ALIASES)) {
      expect(normalizeKeyword(alias), alias).toBe(canonical);
      expect(normalizeKeyword(canonical), canonical).toBe(canonical);
    }
  });

  it('sameKeyword and aliasesOf', () => {
    expect(sameKeyword('NodeJS', 'node.js')).toBe(true);
    expect(sameKeyword('Java', 'JavaScript')).toBe(false);
    expect(sameKeyword('', '')).toBe(false);
    expect(aliasesOf('kubernetes')).toEqual(['kubernetes', 'k8s', 'kube']);
  });
});

describe('findKnownKeywords', () => {
  it('finds terms in prose in order, multi-word ones included, each once', () => {
    expect(
      findKnownKeywords(
        'Built NodeJS services on K8s with Postgres; moved them to Amazon Web Services and Node.js 20.',
      ),
    ).toEqual(['node.js', 'kubernetes', 'postgresql', 'aws']);
    expect(findKnownKeywords('Applied machine learning and CI/CD to C# and .NET apps')).toEqual([
      'machine learning',
      'ci/cd',
      'c#',
      '.net',
    ]);
  });

  it('words that are also English count only when capitalised mid-sentence', () => {
    expect(findKnownKeywords('Ready to go. We rest on Fridays.')).toEqual([]);
    expect(findKnownKeywords('Go is fun.')).toEqual([]);
    expect(findKnownKeywords('Rewrote the jobs in Go and Rust')).toEqual(['go', 'rust']);
    expect(findKnownKeywords('(Go Sooners!)')).toEqual([]);
  });
});

describe('deriveKeywords', () => {
  const content: ResumeContent = {
    name: 'Ann Lee',
    label: 'Data Engineer',
    contact: { email: null, phone: null, location: null, links: [] },
    summary: 'Engineer who likes Kafka.',
    skills: ['AWS (S3, EMR)', 'HTML/CSS', 'CI/CD', 'Node.js', 'NodeJS', 'Underwater Basket Weaving'],
    work: [
      {
        employer: 'Acme',
        title: 'Data Engineer',
        location: null,
        startDate: '2020',
        endDate: null,
        bullets: ['Ran Airflow on k8s'],
      },
    ],
    education: [],
    projects: [],
    certifications: ['Certified Kubernetes Administrator'],
  };

  it('skills first (split and normalised), then config keywords, then terms from the text', () => {
    expect(deriveKeywords(content, ['Golang'])).toEqual([
      'aws',
      's3',
      'emr',
      'html',
      'css',
      'ci/cd',
      'node.js',
      'underwater basket weaving',
      'go',
      'kafka',
      'airflow',
      'kubernetes',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildKeywordIndex, type KeywordPlace } from '../../src/match/keywords.js';

const findIn = (keywords: string[], text: string): string[] => {
  const found = new Map<string, KeywordPlace>();
  buildKeywordIndex(keywords).find(text, 'description', found);
  return [...found.keys()];
};

describe('keyword search', () => {
  it('finds every spelling of a keyword and reports the profile spelling', () => {
    for (const text of ['Node.js', 'NodeJS services', 'experience with Node', 'node.js.']) {
      expect(findIn(['node.js'], text), text).toEqual(['node.js']);
    }
    expect(findIn(['Kubernetes'], 'We run k8s in three regions')).toEqual(['Kubernetes']);
    expect(findIn(['postgresql'], 'Postgres, Redis')).toEqual(['postgresql']);
  });

  it('keeps the symbols skill names use', () => {
    expect(findIn(['C++', 'C#', '.NET'], 'Modern C++ and C# on .NET 8')).toEqual(['C++', 'C#', '.NET']);
    expect(findIn(['c++'], 'C, Java')).toEqual([]);
  });

  it('finds multi-word keywords and their abbreviations', () => {
    expect(findIn(['machine learning'], 'applied machine learning at scale')).toEqual(['machine learning']);
    expect(findIn(['machine learning'], 'Our ML platform')).toEqual(['machine learning']);
    expect(findIn(['ci/cd'], 'own our CI/CD pipelines')).toEqual(['ci/cd']);
  });

  it('counts Go only as the language, not the English word', () => {
    expect(findIn(['go'], 'Services written in Go and Rust')).toEqual(['go']);
    expect(findIn(['go'], 'ready to go live soon')).toEqual([]);
    expect(findIn(['go'], 'Go To Market')).toEqual([]);
    expect(findIn(['go'], 'golang experience')).toEqual(['go']);
  });

  it('matches whole words only', () => {
    expect(findIn(['java'], 'JavaScript and TypeScript')).toEqual([]);
    expect(findIn(['aws'], 'laws and draws')).toEqual([]);
  });

  it('keeps the place where a keyword was first seen', () => {
    const index = buildKeywordIndex(['typescript', 'react']);
    const found = new Map<string, KeywordPlace>();
    index.find('Frontend Engineer (TypeScript)', 'title', found);
    index.find('TypeScript and React', 'description', found);
    expect([...found]).toEqual([
      ['typescript', 'title'],
      ['react', 'description'],
    ]);
  });

  it('lists each keyword once however many spellings the profile holds', () => {
    expect(buildKeywordIndex(['Node.js', 'nodejs', 'node', 'Go', 'golang']).keywords).toEqual([
      'Node.js',
      'Go',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeTitle, containsSequence, foldText } from '../../src/match/normalize.js';
import { stripTags } from '../../src/match/text.js';

describe('foldText', () => {
  it('lower-cases, strips accents and turns punctuation into single spaces', () => {
    expect(foldText('  Développeur Back-End / Zürich!! ')).toBe('developpeur backend zurich');
    expect(foldText('Full-Stack  Engineer (m/w/d)')).toBe('fullstack engineer m w d');
    expect(foldText('C++ / C# / .NET Developer')).toBe('cpp csharp dotnet developer');
  });
});

describe('analyzeTitle', () => {
  it('separates seniority from the role words', () => {
    expect(analyzeTitle('Sr. SWE, Back End (Remote)')).toEqual({
      words: ['senior', 'software', 'engineer', 'backend', 'remote'],
      core: ['software', 'engineer', 'backend'],
      levels: ['senior'],
      levelWords: ['senior'],
    });
    expect(analyzeTitle('Software Engineer II').levels).toEqual(['mid']);
    expect(analyzeTitle('Staff Engineer, SRE').core).toEqual(['engineer', 'site', 'reliability', 'engineer']);
    expect(analyzeTitle('Software Engineering Internship').levels).toEqual(['intern']);
    expect(analyzeTitle('Jr. Frontend Dev').core).toEqual(['frontend', 'developer']);
  });

  it('maps non-English role nouns to English ones', () => {
    expect(analyzeTitle('Softwareentwickler (m/w/d)').core).toEqual(['software', 'developer']);
    expect(analyzeTitle('Ingénieur Backend').core).toEqual(['engineer', 'backend']);
  });
});

describe('containsSequence', () => {
  it('finds contiguous word runs only', () => {
    expect(containsSequence(['engineering', 'manager', 'payments'], ['engineering', 'manager'])).toBe(true);
    expect(containsSequence(['manager', 'engineering'], ['engineering', 'manager'])).toBe(false);
    expect(containsSequence(['a'], [])).toBe(false);
  });
});

describe('stripTags', () => {
  it('drops tags, scripts and styles and decodes entities', () => {
    const text = stripTags(
      '<p>Go&amp;Rust</p><script>var x = "<b>";</script><style>p{}</style><li>K8s&#39;s</li>',
    );
    expect(text.replace(/\s+/g, ' ').trim()).toBe("Go&Rust K8s's");
  });

  it('decodes entity-escaped HTML before stripping it', () => {
    expect(stripTags('&lt;h2&gt;About&lt;/h2&gt;&lt;p&gt;Kafka &amp;amp; AWS&lt;/p&gt;').trim()).toBe(
      'About  Kafka & AWS',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { makeLine } from '../../src/profile/lines.js';
import { markdownToLines, plainTextToLines } from '../../src/profile/read-text.js';
import { headingKey, sectionKindOf, splitSections } from '../../src/profile/sections.js';

describe('section headings', () => {
  it.each([
    ['Experience', 'experience'],
    ['WORK HISTORY', 'experience'],
    ['== Experience ==', 'experience'],
    ['Professional Experience:', 'experience'],
    ['—— EMPLOYMENT HISTORY ——', 'experience'],
    ['*** Education ***', 'education'],
    ['Skills & Tools', 'skills'],
    ['Technical Skills', 'skills'],
    ['2. Projects', 'projects'],
    ['Licenses & Certifications', 'certifications'],
    ['[ Summary ]', 'summary'],
    ['PROFILE', 'summary'],
    ['Volunteering', 'other'],
    ['Languages', 'other'],
  ])('%s -> %s', (text, kind) => {
    expect(sectionKindOf(makeLine(text))).toBe(kind);
  });

  it('is not fooled by content lines', () => {
    expect(sectionKindOf(makeLine('Languages: TypeScript, Go'))).toBeNull();
    expect(sectionKindOf(makeLine('Experience', { bullet: true }))).toBeNull();
    expect(sectionKindOf(makeLine('Senior Backend Engineer, Lumen Payments GmbH'))).toBeNull();
    expect(sectionKindOf(makeLine('Experience with distributed systems at scale'))).toBeNull();
    expect(headingKey('  ## Skills / Tools:  ')).toBe('skills and tools');
  });
});

describe('splitSections', () => {
  it('keeps job headings inside their section and ends it at a peer heading', () => {
    const lines = markdownToLines(
      [
        '# Ann Lee',
        'Engineer',
        '## Experience',
        '### Engineer, Acme',
        '- did things',
        '## Volunteering',
        '### Mentor, Code Club',
        '## Skills',
        'Go, Rust',
      ].join('\n'),
    );
    const { header, sections } = splitSections(lines);
    expect(header.map((l) => l.text)).toEqual(['Ann Lee', 'Engineer']);
    expect(sections.map((s) => [s.kind, s.lines.map((l) => l.text)])).toEqual([
      ['experience', ['Engineer, Acme', 'did things']],
      ['other', ['Mentor, Code Club']],
      ['skills', ['Go, Rust']],
    ]);
  });

  it('underlined plain-text headings, decoration lines dropped', () => {
    const lines = plainTextToLines(
      'ANN LEE\n\nEXPERIENCE\n----------\nEngineer at Acme  2019 - 2021\n\nSKILLS\n======\nGo',
    );
    const { sections } = splitSections(lines);
    expect(sections.map((s) => s.kind)).toEqual(['experience', 'skills']);
    expect(sections[0]!.lines.map((l) => l.text)).toEqual(['Engineer at Acme 2019 - 2021']);
  });
});

import { describe, expect, it } from 'vitest';
import { markdownToLines, plainTextToLines, textToLines } from '../../src/profile/read-text.js';

const shape = (lines: ReturnType<typeof markdownToLines>) =>
  lines.map(({ text, bullet, level, strong }) => ({ text, bullet, level, strong }));

describe('markdownToLines', () => {
  it('headings, list items, bold lines, links, tables and comments', () => {
    const md = [
      '<!-- private note',
      'spanning lines -->',
      'Ann Lee',
      '=======',
      '[ann.example.dev](https://ann.example.dev) | [GitHub](https://github.com/ann) | <https://x.example.com>',
      '',
      '---',
      '## Experience ##',
      '**Platform Engineer, Acme**',
      '1. Ran *the* `k8s` clusters',
      '* Wrote snake_case_names and 2 \\* 3',
      '',
      '| Skill | Years |',
      '|-------|------:|',
      '| Go    | 5     |',
      'Skills',
      '------',
    ].join('\n');
    expect(shape(markdownToLines(md))).toEqual([
      { text: 'Ann Lee', bullet: false, level: 1, strong: false },
      {
        text: 'https://ann.example.dev | GitHub (https://github.com/ann) | https://x.example.com',
        bullet: false,
        level: null,
        strong: false,
      },
      { text: 'Experience', bullet: false, level: 2, strong: false },
      { text: 'Platform Engineer, Acme', bullet: false, level: null, strong: true },
      { text: 'Ran the k8s clusters', bullet: true, level: null, strong: false },
      { text: 'Wrote snake_case_names and 2 * 3', bullet: true, level: null, strong: false },
      { text: 'Skill   Years', bullet: false, level: null, strong: false },
      { text: 'Go   5', bullet: false, level: null, strong: false },
      { text: 'Skills', bullet: false, level: 2, strong: false },
    ]);
  });

  it('marks blank lines and keeps indentation for wrapped list items', () => {
    const lines = markdownToLines('- first item\n  continues here\n\nNext paragraph');
    expect(lines.map((l) => [l.text, l.indent, l.blankBefore])).toEqual([
      ['first item', 0, true],
      ['continues here', 2, false],
      ['Next paragraph', 0, true],
    ]);
  });
});

describe('plainTextToLines', () => {
  it('bullet glyphs, numbered items, underlines, rules and tabs', () => {
    const text = [
      'EXPERIENCE',
      '~~~~~~~~~~',
      'Acme Corp\tBerlin, Germany',
      '• Shipped things',
      '\u25AA Square bullet',
      '2) Numbered',
      '* * * * *',
      '2019 - 2021 is not a list item',
    ].join('\n');
    expect(shape(plainTextToLines(text))).toEqual([
      { text: 'EXPERIENCE', bullet: false, level: 2, strong: false },
      { text: 'Acme Corp   Berlin, Germany', bullet: false, level: null, strong: false },
      { text: 'Shipped things', bullet: true, level: null, strong: false },
      { text: 'Square bullet', bullet: true, level: null, strong: false },
      { text: 'Numbered', bullet: true, level: null, strong: false },
      { text: '2019 - 2021 is not a list item', bullet: false, level: null, strong: false },
    ]);
  });
});

describe('textToLines', () => {
  it('reads a .txt written in Markdown as Markdown, and plain text as plain text', () => {
    expect(shape(textToLines('# Kim Park\n**Acme Corp** | Engineer'))).toEqual([
      { text: 'Kim Park', bullet: false, level: 1, strong: false },
      { text: 'Acme Corp | Engineer', bullet: false, level: null, strong: false },
    ]);
    expect(shape(textToLines('KIM PARK\n* Shipped'))).toEqual([
      { text: 'KIM PARK', bullet: false, level: null, strong: false },
      { text: 'Shipped', bullet: true, level: null, strong: false },
    ]);
  });
});

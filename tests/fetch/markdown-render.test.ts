import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/fetch/markdown.js';
import { checkRendered, htmlText } from '../helpers/markdown-check.js';
import { realDescriptions } from '../helpers/real-descriptions.js';

/**
 * HTML emphasis as boards send it, converted and then rendered by a real CommonMark renderer
 * (markdown-it): what the reader sees must be emphasis, never the delimiters. The whole pipeline
 * over the real captures is tests/pipeline/description-render.test.ts.
 */
const render = (html: string) => {
  const markdown = htmlToMarkdown(html);
  return { markdown, ...checkRendered(markdown, htmlText(html)) };
};

describe('the checker', () => {
  it('sees the literal asterisks of a glued closing delimiter, as a renderer shows them', () => {
    expect(
      checkRendered('**CLEARANCE REQUIREMENTS:**Department', 'CLEARANCE REQUIREMENTS:Department').problems,
    ).toEqual([
      '2 literal "**" shown: **CLEARANCE REQUIREMENTS:**Department',
      expect.stringMatching(/literal "\*"/),
    ]);
    expect(checkRendered('un_believ_able', 'unbelievable').problems).toHaveLength(1);
    expect(checkRendered('#Heading\n\n-item', 'Heading item').problems).toEqual([]);
    expect(checkRendered('# Heading\n\n- item\n- item', 'Heading item item').problems).toEqual([]);
  });
});

describe('description.md renders its emphasis', () => {
  it('glued bold labels get the space CommonMark needs (the iCIMS clearance posting)', () => {
    const html =
      '<p><strong>CLEARANCE REQUIREMENTS:</strong>Department of Defense TS/SCI clearance is required.</p>' +
      '<p>Salary<b>(USD):</b>120k and <em>remote-first!</em>always</p>';
    const { markdown, problems } = render(html);
    expect(markdown).toBe(
      '**CLEARANCE REQUIREMENTS:** Department of Defense TS/SCI clearance is required.\n\nSalary **(USD):** 120k and _remote-first!_ always',
    );
    expect(problems).toEqual([]);
    // Emphasis that was already fine is left as it was.
    expect(htmlToMarkdown('<p>Build <strong>payments</strong>, fast.</p>')).toBe('Build **payments**, fast.');
  });

  it.each([
    [
      'emphasis inside a word uses "*" ("_" never opens there)',
      '<p>un<em>believ</em>able, <i>R&amp;D</i>work</p>',
      'un*believ*able, *R&D*work',
    ],
    [
      'adjacent bold elements are one run, not "****"',
      '<p><b>Salary:</b><b> $100k</b> a year</p>',
      '**Salary: $100k** a year',
    ],
    [
      'a label wrapped in a span still gets its space',
      '<p><span><strong>Location:</strong></span>Remote</p>',
      '**Location:** Remote',
    ],
    [
      'a line break at the end of bold goes after the delimiter',
      '<p><strong>Benefits:<br></strong>Health</p>',
      '**Benefits:**  \nHealth',
    ],
    ['strong then emphasis, glued', '<p><strong>A</strong><em>B</em> c</p>', '**A***B* c'],
  ])('%s', (_name, html, expected) => {
    const { markdown, problems } = render(html);
    expect(markdown).toBe(expected);
    expect(problems).toEqual([]);
  });

  it.each(realDescriptions().map((d) => [`${d.source} ${d.title}`, d.html]))('%s', (_name, html) => {
    const { markdown, problems } = render(html);
    expect(markdown.length).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });
});

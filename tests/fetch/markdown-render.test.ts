import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, jobTextToMarkdown } from '../../src/fetch/markdown.js';
import { parseAshbyJobBoard } from '../../src/sources/ashby/parse.js';
import { parseGreenhouseJobs } from '../../src/sources/greenhouse/parse.js';
import { parseLeverPostings } from '../../src/sources/lever/parse.js';
import type { BoardRef } from '../../src/sources/shared/records.js';
import type { JobListing } from '../../src/sources/types.js';
import { readBoardFixture } from '../simulator/shape.js';

/**
 * No Markdown renderer is installed (see the README's Development notes), so this applies the
 * rule by which CommonMark renderers decide that "**" or "_" is emphasis (spec 0.31, section 6.2):
 * an opening run must be left-flanking, a closing run right-flanking. A run that is neither is
 * shown as literal characters, which is how "**CLEARANCE REQUIREMENTS:**Department" appears.
 */
const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;

function leftFlanking(before: string, after: string): boolean {
  if (after === '' || SPACE.test(after)) return false;
  return !PUNCT.test(after) || before === '' || SPACE.test(before) || PUNCT.test(before);
}

function rightFlanking(before: string, after: string): boolean {
  if (before === '' || SPACE.test(before)) return false;
  return !PUNCT.test(before) || after === '' || SPACE.test(after) || PUNCT.test(after);
}

/** Emphasis delimiters that a CommonMark renderer would show as literal text. */
function literalDelimiters(markdown: string): string[] {
  const bad: string[] = [];
  for (const line of markdown.split('\n')) {
    // Turndown writes strong as "**" and emphasis as "_"; list markers are "- ".
    const runs = [...line.matchAll(/\*\*|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu)];
    for (let i = 0; i + 1 < runs.length; i += 2) {
      const open = runs[i]!;
      const close = runs[i + 1]!;
      const openOk = leftFlanking(line[open.index - 1] ?? '', line[open.index + open[0].length] ?? '');
      const closeOk = rightFlanking(line[close.index - 1] ?? '', line[close.index + close[0].length] ?? '');
      if (!openOk || !closeOk) bad.push(line);
    }
  }
  return bad;
}

const ref = (kind: BoardRef['kind'], board: string): BoardRef => ({
  kind,
  company: board,
  board,
  url: `https://example.invalid/${board}`,
});

function realDescriptions(): Array<[string, JobListing]> {
  const listings = [
    ...parseGreenhouseJobs(
      readBoardFixture('greenhouse/duolingo_jobs_content_true_custom_domain.json'),
      ref('greenhouse', 'duolingo'),
    ).listings,
    ...parseGreenhouseJobs(
      readBoardFixture('greenhouse/smarterdx_jobs_content_true.json'),
      ref('greenhouse', 'smarterdx'),
    ).listings,
    ...parseLeverPostings(readBoardFixture('lever/palantir_postings_mode_json.json'), ref('lever', 'p'))
      .listings,
    ...parseAshbyJobBoard(readBoardFixture('ashby/openevidence_job-board.json'), ref('ashby', 'oe')).listings,
    ...parseAshbyJobBoard(
      readBoardFixture('ashby/turbopuffer_job-board_includeCompensation.json'),
      ref('ashby', 'tp'),
    ).listings,
  ];
  return listings.map((l) => [`${l.kind} ${l.title}`, l]);
}

describe('description.md renders its emphasis', () => {
  it('glued bold labels get the space CommonMark needs (the iCIMS clearance posting)', () => {
    const html =
      '<p><strong>CLEARANCE REQUIREMENTS:</strong>Department of Defense TS/SCI clearance is required.</p>' +
      '<p>Salary<b>(USD):</b>120k and <em>remote-first!</em>always</p>';
    const markdown = htmlToMarkdown(html);
    expect(markdown).toBe(
      '**CLEARANCE REQUIREMENTS:** Department of Defense TS/SCI clearance is required.\n\nSalary **(USD):** 120k and _remote-first!_ always',
    );
    expect(literalDelimiters(markdown)).toEqual([]);
    // Emphasis that was already fine is left as it was.
    expect(htmlToMarkdown('<p>Build <strong>payments</strong>, fast.</p>')).toBe('Build **payments**, fast.');
  });

  it.each(realDescriptions())('%s', (_name, listing) => {
    expect(listing.description).not.toBeNull();
    const markdown = jobTextToMarkdown(listing.description!);
    expect(markdown.length).toBeGreaterThan(200);
    expect(literalDelimiters(markdown)).toEqual([]);
  });
});

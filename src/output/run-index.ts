import { join } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import { contentSecurityPolicy, escapeHtml, PAGE_SCRIPT, PAGE_STYLE, relativeHref } from './html.js';
import { REVIEW_PAGE } from './review-page.js';
import { writeTextAtomically } from './state-write.js';
import { plural, SUMMARY_MD, summaryProblems } from './summary.js';
import type { RunSummary } from './types.js';

/** One line of a run of several candidates: their summary, or why they were skipped. */
export interface RunIndexEntry {
  id: string;
  summary: RunSummary | null;
  skipped: string | null;
}

/**
 * The run folder's index.html and summary.md when the run has several candidates: one line per
 * candidate with their counts and links to their own review page and summary.
 */
export async function writeRunIndex(runDir: string, runId: string, entries: RunIndexEntry[]): Promise<void> {
  const line = (e: RunIndexEntry): string => {
    if (!e.summary) return `skipped: ${e.skipped ?? 'not run'}`;
    const problems = summaryProblems(e.summary);
    return `${plural(e.summary.generated, 'application')} of ${e.summary.selected} selected${problems.length > 0 ? `; ${problems.join('; ')}` : ''}`;
  };
  const markdown = [
    `## job-matcher run ${runId}: ${plural(entries.length, 'candidate')}`,
    '',
    '| candidate | result | review page |',
    '| --- | --- | --- |',
    ...entries.map(
      (e) => `| ${e.id} | ${line(e).replaceAll('|', '\\|')} | ${e.summary ? `${e.id}/${REVIEW_PAGE}` : ''} |`,
    ),
    '',
  ].join('\n');
  const items = entries
    .map((e) => {
      const links = e.summary
        ? ` <a href="${relativeHref(e.id, REVIEW_PAGE)}">review page</a> · <a href="${relativeHref(e.id, SUMMARY_MD)}">summary</a>`
        : '';
      return `<li><strong>${escapeHtml(e.id)}</strong>: ${escapeHtml(line(e))}${links}</li>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(PAGE_SCRIPT, PAGE_STYLE)}">
<title>job-matcher run ${escapeHtml(runId)}</title><style>${PAGE_STYLE}</style></head>
<body><h1>Run ${escapeHtml(runId)}</h1><ul>
${items}
</ul><script>${PAGE_SCRIPT}</script></body></html>
`;
  try {
    await writeTextAtomically(join(runDir, SUMMARY_MD), markdown);
    await writeTextAtomically(join(runDir, REVIEW_PAGE), html);
  } catch (error) {
    throw new OutputError(runDir, `cannot write the run index (${describeError(error)})`, { cause: error });
  }
}

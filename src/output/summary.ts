import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import { writeTextAtomically } from './state-write.js';
import type { RunSummary } from './types.js';

export const SUMMARY_JSON = 'summary.json';
export const SUMMARY_MD = 'summary.md';

/** `1 job`, `3 jobs`: counts in sentences a person reads. */
export function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

/**
 * Why a run did not fully succeed, one sentence each. The exit code and the summary's headline
 * both come from here, so a run the summary calls a failure never exits 0.
 */
export function summaryProblems(summary: RunSummary): string[] {
  const problems: string[] = [];
  const failedCompanies = summary.companies.filter((c) => c.error !== null);
  if (failedCompanies.length > 0) {
    problems.push(
      `${failedCompanies.length} of ${plural(summary.companies.length, 'company')} could not be read: ${failedCompanies.map((c) => c.name).join(', ')}`,
    );
  }
  const jobFailures = summary.failures.filter((f) => f.job !== null);
  if (jobFailures.length > 0) problems.push(`${plural(jobFailures.length, 'job')} failed`);
  const otherFailures = summary.failures.filter(
    (f) => f.job === null && !failedCompanies.some((c) => c.name === f.company),
  );
  if (otherFailures.length > 0) problems.push(plural(otherFailures.length, 'other failure'));
  if (!summary.dryRun && !summary.cancelled && summary.selected > 0 && summary.generated === 0) {
    problems.push(`0 applications generated out of ${summary.selected} selected`);
  }
  return problems;
}

/** Stages that were given work and produced nothing: not always an error, never worth hiding. */
export function idleStages(summary: RunSummary): string[] {
  return summary.stages
    .filter((stage) => stage.in > 0 && stage.out === 0)
    .map(
      (stage) => `${stage.name}: 0 out of ${stage.in} in${stage.failed ? `, ${stage.failed} failed` : ''}`,
    );
}

/** 130 cancelled; 1 when anything failed or nothing was generated from a selection; else 0. */
export function exitCodeFor(summary: RunSummary): 0 | 1 | 130 {
  if (summary.cancelled) return 130;
  return summaryProblems(summary).length > 0 ? 1 : 0;
}

/** Cell text: one line, pipes escaped, so board-supplied names cannot break the table. */
function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;');
}

/** A Markdown table; every cell on one line with pipes escaped. */
export function markdownTable(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`;
  return head + rows.map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** summary.md: headline, then tables of companies, stages, failures and applications. */
export function renderSummaryMarkdown(summary: RunSummary): string {
  const problems = summaryProblems(summary);
  const idle = idleStages(summary);
  const status = summary.cancelled ? 'cancelled' : problems.length > 0 ? 'FAILED' : 'ok';
  const parts: string[] = [
    `## job-matcher run ${summary.runId}: ${status}`,
    `${plural(summary.generated, 'application')} generated from ${summary.selected} selected out of ${plural(summary.listings, 'listing')} at ${plural(summary.companies.length, 'company')}${summary.dryRun ? ' (dry run: nothing generated)' : ''}.` +
      ` Tokens: ${summary.tokens.prompt} prompt + ${summary.tokens.completion} completion, about $${summary.costUsd.toFixed(4)}.` +
      ` Exit code ${summary.exitCode}.`,
  ];
  if (problems.length > 0) parts.push(`**Problems**\n\n${problems.map((p) => `- ${cell(p)}`).join('\n')}`);
  if (idle.length > 0)
    parts.push(`**Stages that produced nothing**\n\n${idle.map((p) => `- ${p}`).join('\n')}`);
  parts.push(
    `### Companies\n\n${markdownTable(
      ['company', 'kind', 'listings', 'selected', 'done', 'error'],
      summary.companies.map((c) => [
        c.name,
        c.kind ?? '?',
        c.unchanged ? `${c.listings} (unchanged)` : c.listings,
        c.selected,
        c.done,
        c.error ?? '',
      ]),
    )}`,
  );
  parts.push(
    `### Stages\n\n${markdownTable(
      ['stage', 'in', 'out', 'failed', 'time'],
      summary.stages.map((s) => [s.name, s.in, s.out, s.failed, seconds(s.ms)]),
    )}`,
  );
  if (summary.failures.length > 0) {
    parts.push(
      `### Failures\n\n${markdownTable(
        ['company', 'job', 'stage', 'reason'],
        summary.failures.map((f) => [f.company, f.job ?? '', f.stage, f.reason]),
      )}`,
    );
  }
  if (summary.dryRun && summary.selections) {
    parts.push(
      summary.selections.length > 0
        ? `### Selected (dry run: nothing fetched or generated)\n\n${markdownTable(
            ['score', 'company', 'title', 'url'],
            summary.selections.map((j) => [j.score, j.company, j.title, j.url]),
          )}`
        : '### Selected (dry run)\n\nNone.',
    );
  }
  parts.push(
    summary.applications.length > 0
      ? `### Applications\n\n${markdownTable(
          ['score', 'company', 'title', 'folder'],
          summary.applications.map((a) => [a.score, a.company, a.title, a.folder]),
        )}`
      : '### Applications\n\nNone.',
  );
  if (summary.closed.length > 0) {
    parts.push(
      `### Closed since the last run\n\n${markdownTable(
        ['company', 'title', 'id'],
        summary.closed.map((c) => [c.company, c.title, c.id]),
      )}`,
    );
  }
  if (summary.warnings.length > 0)
    parts.push(`### Warnings\n\n${summary.warnings.map((w) => `- ${cell(w)}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}

/**
 * Writes summary.json and summary.md into the run folder and, when `githubStepSummary` names a
 * file (the CLI passes $GITHUB_STEP_SUMMARY), appends the Markdown there for the Actions page.
 */
export async function writeSummary(
  runDir: string,
  summary: RunSummary,
  opts: { githubStepSummary?: string } = {},
): Promise<{ json: string; markdown: string }> {
  const json = join(runDir, SUMMARY_JSON);
  const markdown = join(runDir, SUMMARY_MD);
  const text = renderSummaryMarkdown(summary);
  try {
    await mkdir(runDir, { recursive: true });
    // The JSON last: a reader that finds it finds the Markdown too.
    await writeTextAtomically(markdown, text);
    await writeTextAtomically(json, `${JSON.stringify(summary, null, 2)}\n`);
  } catch (error) {
    throw new OutputError(runDir, `cannot write the run summary (${describeError(error)})`, { cause: error });
  }
  if (opts.githubStepSummary) {
    try {
      await appendFile(opts.githubStepSummary, `${text}\n`);
    } catch (error) {
      throw new OutputError(
        opts.githubStepSummary,
        `cannot append to GITHUB_STEP_SUMMARY (${describeError(error)})`,
        {
          cause: error,
        },
      );
    }
  }
  return { json, markdown };
}

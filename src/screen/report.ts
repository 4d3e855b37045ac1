import type { FileStore } from '../infra/storage/types.js';
import { renderScreenPage } from './report-page.js';
import type { CandidateResult, RankedCandidate, ScreenOptions, ScreenSummary } from './types.js';

/** Best first: score, then fewer missing must-haves, then file name (a stable order for ties). */
export function rankCandidates(
  results: CandidateResult[],
  options: Pick<ScreenOptions, 'top' | 'minScore'>,
): RankedCandidate[] {
  const sorted = [...results].sort(
    (a, b) =>
      b.assessment.score - a.assessment.score ||
      a.assessment.missingMust.length - b.assessment.missingMust.length ||
      a.file.localeCompare(b.file),
  );
  let kept = 0;
  return sorted.map((c, i) => {
    const shortlisted =
      c.assessment.score >= options.minScore && (options.top === null || kept < options.top);
    if (shortlisted) kept++;
    return { ...c, rank: i + 1, shortlisted };
  });
}

/** A CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it. */
export function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rankingCsv(summary: ScreenSummary): string {
  const mustTotal = summary.requirements.criteria.filter((c) => c.must).length;
  const header = [
    'rank',
    'id',
    'file',
    'name',
    'score',
    'shortlisted',
    'must_met',
    'must_missing',
    'years',
    'top_evidence',
  ];
  const rows = summary.ranked.map((c) => {
    const top = c.assessment.criteria.find((k) => k.evidence.length > 0);
    const evidence = top
      ? `${top.label}: ${top.evidence[0]!.section} line ${top.evidence[0]!.line}: ${top.evidence[0]!.text}`
      : '';
    return [
      c.rank,
      c.id,
      c.file,
      c.name ?? '',
      c.assessment.score,
      c.shortlisted,
      `${mustTotal - c.assessment.missingMust.length}/${mustTotal}`,
      c.assessment.missingMust.join('; '),
      c.assessment.totalYears,
      evidence,
    ];
  });
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** One candidate as ranking.json and `screen --json` show it. */
export function rankingRow(c: RankedCandidate) {
  return {
    rank: c.rank,
    id: c.id,
    file: c.file,
    name: c.name,
    score: c.assessment.score,
    shortlisted: c.shortlisted,
    missingMust: c.assessment.missingMust,
    years: c.assessment.totalYears,
    duplicates: c.duplicates,
    breakdown: c.assessment.criteria.map((k) => ({
      id: k.id,
      score: k.score,
      points: Math.round(k.weight * k.score * 100) / 100,
      of: k.weight,
      by: k.by,
    })),
    candidate: `candidates/${c.id}.json`,
  };
}

export async function writeReports(summary: ScreenSummary, files: FileStore): Promise<void> {
  await files.write('ranking.csv', rankingCsv(summary));
  await files.write(
    'ranking.json',
    `${JSON.stringify(
      {
        job: summary.job,
        options: summary.options,
        screened: summary.ranked.length,
        notScreened: summary.notScreened,
        discardedQuotes: summary.discardedQuotes,
        ranking: summary.ranked.map(rankingRow),
      },
      null,
      2,
    )}\n`,
  );
  await files.write('index.html', renderScreenPage(summary));
}

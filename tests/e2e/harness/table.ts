/**
 * One row of the reliability table per scenario (or per case of a scenario with many cases). The
 * tests assert rows; bench/faults.ts prints them. A row passes when no check found a problem.
 */
export interface ScenarioRow {
  scenario: string;
  /** Jobs that should be written by the end of the scenario. */
  expected: number;
  /** Distinct expected jobs with a complete application folder. */
  done: number;
  /** Expected jobs without one. */
  lost: number;
  /** Extra application folders for a job that already has one (across every run folder). */
  duplicates: number;
  /** The CLI's exit code that the scenario is about (the interrupted run's, for SIGINT). */
  exitCode: number | null;
  /** One line per failed check; empty when the scenario passed. */
  problems: string[];
  /** What happened, in a few words (kills landed, companies failed, faults served). */
  notes: string;
}

export const passed = (row: ScenarioRow): boolean => row.problems.length === 0;

const HEADERS = [
  'scenario',
  'jobs expected',
  'jobs done',
  'lost',
  'duplicates',
  'exit code',
  'result',
  'notes',
];

function cells(row: ScenarioRow): string[] {
  return [
    row.scenario,
    String(row.expected),
    String(row.done),
    String(row.lost),
    String(row.duplicates),
    row.exitCode === null ? '-' : String(row.exitCode),
    passed(row) ? 'pass' : 'FAIL',
    row.notes,
  ];
}

/** A plain-text table with aligned columns, then every failed row's problems below it. */
export function formatTable(rows: ScenarioRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i >= 1 && i <= 5 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const failed = rows.filter((r) => !passed(r));
  for (const row of failed) {
    out.push('', `${row.scenario}:`, ...row.problems.map((p) => `  - ${p}`));
  }
  out.push('', `${rows.length - failed.length} of ${rows.length} passed`);
  return `${out.join('\n')}\n`;
}

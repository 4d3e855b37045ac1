import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIGURES_ENV, type FigureLine } from '../tests/service-suite/figures.js';

/**
 * `npm run bench -- --faults --service`: the service suite (tests/service-suite/, real processes,
 * HTTP and Redis) run by vitest with its JSON reporter, then one row per test: its name, pass or
 * fail, how long it took, and the figures it recorded (tests/service-suite/figures.ts).
 */

const ROOT = path.join(import.meta.dirname, '..');
const USAGE = 'usage: npm run bench -- --faults --service [--only <pattern of test names>]';

export interface SuiteRow {
  /** describe > test, as the test names itself in its figures. */
  name: string;
  ok: boolean;
  /** vitest's status: passed, failed, skipped, pending, todo. */
  status: string;
  durationMs: number;
  figures: Record<string, number | string>;
  /** The first line of the first failure message, for a failed row. */
  failure: string | null;
}

interface JsonReport {
  testResults: {
    name: string;
    message?: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      duration?: number | null;
      failureMessages?: string[];
    }[];
  }[];
}

export interface SuiteRun {
  /** Folder vitest runs in (its config is found there). */
  root: string;
  /** Files or folders to run, relative to root. */
  targets: string[];
  /** More vitest arguments (e.g. -t <pattern>, --globals). */
  vitestArgs?: string[];
}

/** Runs the suite in a vitest child process and returns its rows (a file that did not load is a row too). */
export async function runSuite(run: SuiteRun): Promise<{ rows: SuiteRow[]; exitCode: number | null }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jm-service-suite-'));
  const reportFile = path.join(dir, 'report.json');
  const figuresFile = path.join(dir, 'figures.jsonl');
  try {
    const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const args = [vitest, 'run', ...run.targets, '--root', run.root, '--reporter=json'];
    args.push(`--outputFile=${reportFile}`, ...(run.vitestArgs ?? []));
    const child = spawn(process.execPath, args, {
      cwd: run.root,
      env: { ...process.env, [FIGURES_ENV]: figuresFile },
      // vitest's own progress goes to the bench's stderr; the table is the only stdout.
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport;
    const figures = (await readFile(figuresFile, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FigureLine);
    return { rows: rowsOf(report, figures, run.root), exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function rowsOf(report: JsonReport, figures: FigureLine[], root: string): SuiteRow[] {
  const rows: SuiteRow[] = [];
  for (const file of report.testResults) {
    if (file.assertionResults.length === 0) {
      // A file that failed to load has no tests: it still shows, as a failed row.
      rows.push({
        name: path.relative(root, file.name),
        ok: false,
        status: 'failed',
        durationMs: 0,
        figures: {},
        failure: firstLine(file.message ?? 'no tests ran'),
      });
      continue;
    }
    for (const test of file.assertionResults) {
      const name = [...test.ancestorTitles, test.title].join(' > ');
      const recorded = figures.filter((f) => f.test === name).map((f) => f.figures);
      rows.push({
        name,
        ok: test.status === 'passed',
        status: test.status,
        durationMs: Math.round(test.duration ?? 0),
        figures: Object.assign({}, ...recorded),
        failure: test.failureMessages?.[0] ? firstLine(test.failureMessages[0]) : null,
      });
    }
  }
  return rows;
}

// vitest's JSON report keeps an error's stack, not its message: a timeout's is only this marker.
const firstLine = (text: string): string => {
  const line = text.split('\n')[0]?.slice(0, 300) ?? '';
  return line === 'Error: STACK_TRACE_ERROR'
    ? 'timed out (or failed with no stack); see the vitest output above'
    : line;
};

/** Name, result, seconds and figures per row; the failures' first lines below; a pass count. */
export function formatSuiteTable(rows: SuiteRow[]): string {
  const headers = ['row', 'result', 's', 'figures'];
  const body = rows.map((r) => [
    r.name,
    r.ok ? 'pass' : r.status === 'failed' ? 'FAIL' : r.status,
    (r.durationMs / 1000).toFixed(1),
    Object.entries(r.figures)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === 2 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  const failed = rows.filter((r) => !r.ok && r.status === 'failed');
  for (const row of failed) out.push('', `${row.name}:`, `  ${row.failure ?? 'failed'}`);
  out.push('', `${rows.filter((r) => r.ok).length} of ${rows.length} passed`);
  return `${out.join('\n')}\n`;
}

/** Non-zero when a row failed, when vitest itself failed, or when no row ran at all. */
export function suiteExitCode(rows: SuiteRow[], vitestExit: number | null): number {
  if (rows.length === 0 || rows.some((r) => r.status === 'failed')) return 1;
  return vitestExit === 0 ? 0 : 1;
}

/** Called by bench/main.ts with the arguments after --faults --service. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { rows, exitCode } = await runSuite({
    root: ROOT,
    targets: ['tests/service-suite/'],
    vitestArgs: values.only ? ['-t', values.only] : [],
  });
  process.stdout.write(formatSuiteTable(rows));
  return suiteExitCode(rows, exitCode);
}

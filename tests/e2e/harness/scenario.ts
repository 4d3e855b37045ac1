import type { SimBoard } from '../../../sim/types.js';
import { auditOutput, countJobs, jobKey, type OutputAudit } from './audit.js';
import { type CliResult, nodeWarnings } from './cli.js';
import { findSecret } from './leaks.js';
import { FAKE_API_KEY, type Workspace } from './setup.js';
import type { ScenarioRow } from './table.js';

/** The jobs a set of boards should end up with: every public job, named by jobKey. */
export function expectedJobs(boards: SimBoard[]): Set<string> {
  return new Set(
    boards.flatMap((board) =>
      board.jobs.filter((j) => !j.unlisted).map((j) => jobKey(board.companyName, j.title)),
    ),
  );
}

export interface Finish {
  scenario: string;
  ws: Workspace;
  expected: Set<string>;
  /** Every CLI run of the scenario: their logs are searched for the key and for Node warnings. */
  runs: CliResult[];
  /** The exit code the row shows, and the one the scenario requires. */
  exitCode: number | null;
  expectedExitCode: number;
  /** Scenario-specific failed checks. */
  problems: string[];
  notes: string;
  /** More text to search for the key (requests the local servers received). */
  texts?: Record<string, string>;
}

/**
 * The checks every scenario shares, then its row: the output audited (whole files, valid state,
 * nothing left half-done), jobs counted, the fake key searched for in every file and log, Node
 * warnings (a leaked listener shows up as MaxListenersExceededWarning) and stuck runs reported.
 */
export async function finishScenario(f: Finish): Promise<{ row: ScenarioRow; audit: OutputAudit }> {
  const audit = await auditOutput(f.ws.outDir);
  const counts = countJobs(audit, f.expected);
  const problems = [...f.problems, ...audit.problems];
  if (f.exitCode !== f.expectedExitCode)
    problems.push(`exit code ${f.exitCode}, expected ${f.expectedExitCode}`);
  if (counts.lost > 0) {
    const written = new Set(audit.applications.map((a) => jobKey(a.record.company, a.record.title)));
    problems.push(`lost: ${[...f.expected].filter((k) => !written.has(k)).join('; ')}`);
  }
  if (counts.duplicates > 0) problems.push(`${counts.duplicates} duplicate application folders`);
  if (counts.unexpected.length > 0)
    problems.push(`written but not expected: ${counts.unexpected.join('; ')}`);
  const texts: Record<string, string> = { ...f.texts };
  f.runs.forEach((run, i) => {
    texts[`run ${i + 1} stdout`] = run.stdout;
    texts[`run ${i + 1} stderr`] = run.stderr;
    if (run.hung) problems.push(`run ${i + 1} did not end by itself and was killed`);
    for (const warning of nodeWarnings(run.stderr)) problems.push(`run ${i + 1}: ${warning}`);
  });
  const hits = await findSecret(FAKE_API_KEY, [f.ws.root], texts);
  if (hits.length > 0) problems.push(`the API key appears in: ${hits.join(', ')}`);
  return {
    audit,
    row: {
      scenario: f.scenario,
      expected: f.expected.size,
      done: counts.done,
      lost: counts.lost,
      duplicates: counts.duplicates,
      exitCode: f.exitCode,
      problems,
      notes: f.notes,
    },
  };
}

/** Records `message` as a failed check unless `ok`. */
export function check(problems: string[], ok: boolean, message: string): void {
  if (!ok) problems.push(message);
}

import { type LlmServer, startLlmServer } from '../../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import { runCli, startCli } from '../harness/cli.js';
import { check, expectedJobs, finishScenario } from '../harness/scenario.js';
import { createWorkspace, type E2eCompany, e2eBoards, e2eConfig } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * Ctrl-C (SIGINT) mid-run: no new work starts, what is in flight is finished or abandoned, the
 * summary is written, exit 130. The next run does the rest: every job exactly once.
 */

const COMPANIES: E2eCompany[] = [
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 8 },
  { kind: 'html', slug: 'vandelay', name: 'Vandelay Industries', jobs: 8 },
];
const LLM_CONCURRENCY = 2;
/** Interrupted once this many applications are written. */
const AFTER_JOBS = 3;

export async function sigint(): Promise<ScenarioRow> {
  const boards = e2eBoards(COMPANIES, 51);
  const ws = await createWorkspace('sigint');
  let sim: Simulator | null = null;
  let llm: LlmServer | null = null;
  try {
    sim = await startSimulator({ boards });
    llm = await startLlmServer({ latencyMs: 400 });
    await ws.writeConfig(
      e2eConfig({
        origin: sim.origin,
        outputDir: ws.outDir,
        companies: COMPANIES,
        llmBaseUrl: llm.baseUrl,
        llm: { concurrency: LLM_CONCURRENCY },
      }),
    );
    const args = ['--config', ws.configFile, '--no-pdf', '--json'];
    const cli = startCli({ cwd: ws.root, args });
    let written = 0;
    const reached = await cli.waitForLine(
      (line) =>
        line.includes('"scope":"progress"') && line.includes('"stage":"output"') && ++written >= AFTER_JOBS,
    );
    const askedBefore = llm.requests.length;
    const sent = cli.signal('SIGINT');
    const interrupted = await cli.exited;
    const askedAfter = llm.requests.length - askedBefore;
    const rerun = await runCli({ cwd: ws.root, args });

    const problems: string[] = [];
    check(problems, reached && sent, `the run ended before ${AFTER_JOBS} applications were written`);
    check(
      problems,
      askedAfter <= LLM_CONCURRENCY,
      `${askedAfter} LLM requests arrived after SIGINT (at most ${LLM_CONCURRENCY} could have been on their way)`,
    );
    check(problems, rerun.code === 0, `the rerun exited ${rerun.code}`);
    check(
      problems,
      interrupted.stdout.includes('Cancelled: what was in flight was finished or left for the next run.'),
      'the interrupted run did not say it was cancelled',
    );
    const { row, audit } = await finishScenario({
      scenario: 'SIGINT mid-run, then a rerun',
      ws,
      expected: expectedJobs(boards),
      runs: [interrupted, rerun],
      exitCode: interrupted.code,
      expectedExitCode: 130,
      problems,
      notes: '',
    });
    const first = audit.runs[0];
    const inFirst = audit.applications.filter((a) => a.runId === first?.id).length;
    check(
      row.problems,
      first?.summary?.cancelled === true,
      'the interrupted run has no summary marked cancelled',
    );
    check(
      row.problems,
      first?.summary?.exitCode === 130,
      `its summary says exit ${first?.summary?.exitCode}`,
    );
    check(
      row.problems,
      first?.summary?.generated === inFirst,
      `its summary counts ${first?.summary?.generated} applications, its folder holds ${inFirst}`,
    );
    row.notes = `${inFirst} written before the stop (${askedAfter} LLM requests after it), ${row.done - inFirst} by the rerun`;
    return row;
  } finally {
    await sim?.close();
    await llm?.close();
    await ws.remove();
  }
}

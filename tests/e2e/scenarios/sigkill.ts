import { type LlmServer, startLlmServer } from '../../../src/simulator/llm-server.js';
import { createRng } from '../../../src/simulator/rng.js';
import { type Simulator, startSimulator } from '../../../src/simulator/server.js';
import { type CliResult, runCli, startCli } from '../harness/cli.js';
import { check, expectedJobs, finishScenario } from '../harness/scenario.js';
import { createWorkspace, type E2eCompany, e2eBoards, e2eConfig } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * A scheduled run killed with SIGKILL at random moments, and started again each time, as cron
 * would. In the end every job is written exactly once, every file is whole, and the state agrees
 * with the folders: a kill loses at most the work in flight, which the next run redoes.
 */

const COMPANIES: E2eCompany[] = [
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 15 },
  { kind: 'html', slug: 'vandelay', name: 'Vandelay Industries', jobs: 15 },
  { kind: 'smartrecruiters', slug: 'hooli', name: 'Hooli', jobs: 15 },
];
export const KILLS = 20;
/** Share of kills at a time after the start (loading, config, profile, scraping) rather than after a job. */
const EARLY_SHARE = 0.25;
const EARLY_MAX_MS = 2500;
/** Otherwise: after 1 to 3 applications are written, plus up to this long. */
const LATE_MAX_MS = 300;

const isOutputProgress = (line: string): boolean =>
  line.includes('"scope":"progress"') && line.includes('"stage":"output"');

interface Kill {
  killed: boolean;
  /** The moment, in words, for the notes. */
  early: boolean;
}

async function killedRun(
  args: string[],
  cwd: string,
  rng: () => number,
): Promise<{ result: CliResult } & Kill> {
  const cli = startCli({ cwd, args });
  const early = rng() < EARLY_SHARE;
  if (early) {
    await new Promise((resolve) => setTimeout(resolve, rng() * EARLY_MAX_MS));
  } else {
    const jobs = 1 + Math.floor(rng() * 3);
    const delayMs = rng() * LATE_MAX_MS;
    let seen = 0;
    const reached = await cli.waitForLine((line) => isOutputProgress(line) && ++seen >= jobs);
    if (reached) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const killed = cli.signal('SIGKILL');
  return { result: await cli.exited, killed, early };
}

export async function sigkillLoop(): Promise<ScenarioRow> {
  const boards = e2eBoards(COMPANIES, 41);
  const rng = createRng(2026);
  const ws = await createWorkspace('sigkill');
  let sim: Simulator | null = null;
  let llm: LlmServer | null = null;
  try {
    sim = await startSimulator({ boards });
    llm = await startLlmServer({ latencyMs: 200 });
    await ws.writeConfig(
      e2eConfig({ origin: sim.origin, outputDir: ws.outDir, companies: COMPANIES, llmBaseUrl: llm.baseUrl }),
    );
    const args = ['--config', ws.configFile, '--no-pdf', '--json'];
    const runs: CliResult[] = [];
    const problems: string[] = [];
    let landed = 0;
    let early = 0;
    for (let i = 0; i < KILLS; i++) {
      const kill = await killedRun(args, ws.root, rng);
      runs.push(kill.result);
      if (kill.killed && kill.result.signal === 'SIGKILL') {
        landed++;
        if (kill.early) early++;
      } else if (kill.result.code !== 0) {
        problems.push(
          `run ${i + 1} ended by itself with exit code ${kill.result.code}: ${kill.result.stderr.trim()}`,
        );
      }
    }
    const last = await runCli({ cwd: ws.root, args });
    runs.push(last);
    const { row, audit } = await finishScenario({
      scenario: `SIGKILL at ${KILLS} random moments, rerun each time`,
      ws,
      expected: expectedJobs(boards),
      runs,
      exitCode: last.code,
      expectedExitCode: 0,
      problems,
      notes: `${landed} kills landed (${early} in the first ${EARLY_MAX_MS / 1000} s), ${runs.length} runs in all`,
    });
    const unfinished = audit.runs.filter((r) => r.summary === null).map((r) => r.id);
    check(row.problems, unfinished.length === 0, `run folders never finished: ${unfinished.join(', ')}`);
    check(row.problems, landed >= KILLS / 2, `only ${landed} of ${KILLS} kills landed before the run ended`);
    return row;
  } finally {
    await sim?.close();
    await llm?.close();
    await ws.remove();
  }
}

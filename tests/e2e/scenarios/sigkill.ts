import { type LlmServer, startLlmServer } from '../../../sim/llm-server.js';
import { createRng } from '../../../sim/rng.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
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
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 20 },
  { kind: 'html', slug: 'vandelay', name: 'Vandelay Industries', jobs: 20 },
  { kind: 'smartrecruiters', slug: 'hooli', name: 'Hooli', jobs: 20 },
];
export const KILLS = 20;
const MIN_LANDED = 15;

/**
 * Where in a run a kill lands, drawn per kill: while it starts (loading, config, profile), soon
 * after its first log line (scraping, matching, first fetches), or after 1 or 2 applications are
 * written (fetching, generating, writing folders and the state), each plus a random delay.
 */
type Moment = 'start' | 'scrape' | 'jobs';
const MOMENTS: Array<{ moment: Moment; share: number; maxDelayMs: number }> = [
  { moment: 'start', share: 0.1, maxDelayMs: 1500 },
  { moment: 'scrape', share: 0.2, maxDelayMs: 800 },
  { moment: 'jobs', share: 0.7, maxDelayMs: 300 },
];

const isOutputProgress = (line: string): boolean =>
  line.includes('"scope":"progress"') && line.includes('"stage":"output"');

function drawMoment(rng: () => number): { moment: Moment; maxDelayMs: number } {
  let draw = rng();
  for (const m of MOMENTS) {
    if (draw < m.share) return m;
    draw -= m.share;
  }
  return MOMENTS.at(-1)!;
}

async function killedRun(
  args: string[],
  cwd: string,
  rng: () => number,
): Promise<{ result: CliResult; killed: boolean; moment: Moment }> {
  const cli = startCli({ cwd, args });
  const { moment, maxDelayMs } = drawMoment(rng);
  const jobs = 1 + Math.floor(rng() * 2);
  const delayMs = rng() * maxDelayMs;
  let seen = 0;
  const reached =
    moment === 'start'
      ? true
      : await cli.waitForLine((line) =>
          moment === 'scrape' ? line.startsWith('{') : isOutputProgress(line) && ++seen >= jobs,
        );
  if (reached) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const killed = cli.signal('SIGKILL');
  return { result: await cli.exited, killed, moment };
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
    const landed: Record<Moment, number> = { start: 0, scrape: 0, jobs: 0 };
    for (let i = 0; i < KILLS; i++) {
      const kill = await killedRun(args, ws.root, rng);
      runs.push(kill.result);
      if (kill.killed && kill.result.signal === 'SIGKILL') {
        landed[kill.moment]++;
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
      notes: `kills landed: ${total(landed)} (${landed.start} starting, ${landed.scrape} scraping, ${landed.jobs} amid jobs)`,
    });
    if (audit.cacheTemps.length > 0) row.notes += `; ${audit.cacheTemps.length} cache temporaries left`;
    const unfinished = audit.runs.filter((r) => r.summary === null).map((r) => r.id);
    check(row.problems, unfinished.length === 0, `run folders never finished: ${unfinished.join(', ')}`);
    check(
      row.problems,
      // Enough jobs that the work outlasts the kills: a run that ends first was not killed.
      total(landed) >= MIN_LANDED,
      `only ${total(landed)} of ${KILLS} kills landed before the run ended`,
    );
    return row;
  } finally {
    await sim?.close();
    await llm?.close();
    await ws.remove();
  }
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

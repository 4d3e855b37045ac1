import { type LlmServer, type ReplyMode, startLlmServer } from '../../../sim/llm-server.js';
import { createRng } from '../../../sim/rng.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { FaultKind } from '../../../sim/types.js';
import { runCli } from '../harness/cli.js';
import { check, expectedJobs, finishScenario } from '../harness/scenario.js';
import { createWorkspace, type E2eCompany, e2eBoards, e2eConfig } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * 30% of the requests to the boards (lists, the detail API, posting pages) and to the LLM fail
 * with 429, 500, a reset or a hang. Retries must carry every job through: all written, all by the
 * model (a fallback to the offline generator would mean a transient fault cost a job its letter).
 */

export const TRANSIENT_COMPANIES: E2eCompany[] = [
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 5 },
  // Listed without descriptions: each job's comes from the detail API.
  { kind: 'smartrecruiters', slug: 'hooli', name: 'Hooli', jobs: 5 },
  // A careers page: each job's description comes from its posting page.
  { kind: 'html', slug: 'vandelay', name: 'Vandelay Industries', jobs: 5 },
];

const FAULT_RATE = 0.3;
const BOARD_FAULTS: FaultKind[] = ['429', '500', 'reset', 'hang'];
const LLM_FAULTS: ReplyMode[] = ['429', '500', 'reset', 'hang'];
/** With 30% faults, 9 attempts all failing has odds of 2e-5 per request. */
const RETRIES = 8;

export async function transientFaults(): Promise<ScenarioRow> {
  const boards = e2eBoards(TRANSIENT_COMPANIES).map((board) => ({
    ...board,
    faults: { rate: FAULT_RATE, kinds: BOARD_FAULTS, retryAfterSeconds: 1 },
  }));
  const rng = createRng(29);
  const ws = await createWorkspace('transient');
  let sim: Simulator | null = null;
  let llm: LlmServer | null = null;
  try {
    sim = await startSimulator({ boards, seed: 17 });
    llm = await startLlmServer({
      script: () =>
        rng() < FAULT_RATE ? (LLM_FAULTS[Math.floor(rng() * LLM_FAULTS.length)] ?? '500') : 'ok',
    });
    await ws.writeConfig(
      e2eConfig({
        origin: sim.origin,
        outputDir: ws.outDir,
        companies: TRANSIENT_COMPANIES,
        llmBaseUrl: llm.baseUrl,
        http: { retries: RETRIES },
        llm: { max_retries: RETRIES },
      }),
    );
    const run = await runCli({ cwd: ws.root, args: ['--config', ws.configFile, '--no-pdf'] });

    const problems: string[] = [];
    const boardFaults = sim.requests.filter((r) => r.fault !== null);
    // Posting pages (/postings/...) and SmartRecruiters' detail API (/v1/companies/x/postings/id).
    const descriptionFaults = boardFaults.filter((r) => /^\/postings\/|\/postings\/[^/?]+/.test(r.path));
    const llmFaults = llm.requests.filter((r) => r.mode !== 'ok');
    check(problems, boardFaults.length > 0, 'the simulator served no faults');
    check(problems, llmFaults.length > 0, 'the LLM server served no faults');
    const { row, audit } = await finishScenario({
      scenario: 'transient faults (30% of board, page and LLM requests)',
      ws,
      expected: expectedJobs(boards),
      runs: [run],
      exitCode: run.code,
      expectedExitCode: 0,
      problems,
      notes: `${boardFaults.length}/${sim.requests.length} board requests faulted (${descriptionFaults.length} for descriptions), ${llmFaults.length}/${llm.requests.length} LLM`,
      texts: { 'LLM requests': JSON.stringify(llm.requests.map((r) => r.body)) },
    });
    const offline = audit.applications.filter((a) => a.record.generation?.generator !== 'openai');
    check(
      row.problems,
      offline.length === 0,
      `${offline.length} jobs fell back to the offline generator: ${offline.map((a) => a.record.generation?.fallbackReason).join('; ')}`,
    );
    return row;
  } finally {
    await sim?.close();
    await llm?.close();
    await ws.remove();
  }
}

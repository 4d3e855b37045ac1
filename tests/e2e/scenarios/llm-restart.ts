import { setTimeout as sleep } from 'node:timers/promises';
import { type LlmServer, startLlmServer } from '../../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import { startCli } from '../harness/cli.js';
import { check, expectedJobs, finishScenario } from '../harness/scenario.js';
import { createWorkspace, type E2eCompany, e2eBoards, e2eConfig } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * The LLM server goes away mid-run (its connections dropped, new ones refused) and comes back on
 * the same port a few seconds later. The SDK's retries must carry the jobs across the gap: every
 * job written, every one by the model.
 */

const COMPANIES: E2eCompany[] = [
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 6 },
  { kind: 'lever', slug: 'globex', name: 'Globex Cloud', jobs: 6 },
];
const LATENCY_MS = 300;
/** Stopped once the model has been asked this many times. */
const STOP_AFTER = 3;
const DOWN_MS = 2500;

async function waitUntil(test: () => boolean, stop: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void stop.then(() => {
    ended = true;
  });
  while (!test()) {
    if (ended) return false;
    await sleep(10);
  }
  return true;
}

export async function llmRestart(): Promise<ScenarioRow> {
  const boards = e2eBoards(COMPANIES, 31);
  const ws = await createWorkspace('llm-restart');
  let sim: Simulator | null = null;
  let first: LlmServer | null = null;
  let second: LlmServer | null = null;
  try {
    sim = await startSimulator({ boards });
    first = await startLlmServer({ latencyMs: LATENCY_MS });
    const port = Number(new URL(first.baseUrl).port);
    await ws.writeConfig(
      e2eConfig({
        origin: sim.origin,
        outputDir: ws.outDir,
        companies: COMPANIES,
        llmBaseUrl: first.baseUrl,
        // Backoff 0.5, 1, 2, 4, 8 s: more than the gap even when every attempt in it fails.
        llm: { max_retries: 6 },
      }),
    );
    const cli = startCli({ cwd: ws.root, args: ['--config', ws.configFile, '--no-pdf'] });
    const running = first;
    const reached = await waitUntil(() => running.requests.length >= STOP_AFTER, cli.exited);
    const before = first.requests.length;
    await first.close();
    await sleep(DOWN_MS);
    second = await startLlmServer({ latencyMs: LATENCY_MS, port });
    const run = await cli.exited;

    const problems: string[] = [];
    check(problems, reached, `the run ended before the LLM server had ${STOP_AFTER} requests`);
    check(problems, second.requests.length > 0, 'the restarted LLM server got no request');
    const { row, audit } = await finishScenario({
      scenario: 'LLM server stopped and restarted mid-run',
      ws,
      expected: expectedJobs(boards),
      runs: [run],
      exitCode: run.code,
      expectedExitCode: 0,
      problems,
      notes: `${before} LLM requests before the stop, ${second.requests.length} after the restart`,
      texts: { 'LLM requests': JSON.stringify([...first.requests, ...second.requests].map((r) => r.body)) },
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
    await first?.close().catch(() => undefined);
    await second?.close();
    await ws.remove();
  }
}

import { type LlmServer, startLlmServer } from '../../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { FaultKind } from '../../../sim/types.js';
import { runCli } from '../harness/cli.js';
import { check, expectedJobs, finishScenario } from '../harness/scenario.js';
import { createWorkspace, type E2eCompany, e2eBoards, e2eConfig } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * Boards that fail for the whole run, each in its own way. Their companies are reported failed,
 * with a reason naming what came back; the healthy companies are done; the run exits 1.
 */

const HEALTHY: E2eCompany[] = [
  { kind: 'greenhouse', slug: 'acme', name: 'Acme Labs', jobs: 4 },
  { kind: 'html', slug: 'vandelay', name: 'Vandelay Industries', jobs: 4 },
];

/** Each broken board, its fault, and what the company's error must say. */
export const BROKEN: Array<{ company: E2eCompany; fault: FaultKind; reason: RegExp }> = [
  {
    company: { kind: 'lever', slug: 'globex', name: 'Globex Cloud (down)', jobs: 3 },
    fault: '500',
    reason: /HTTP 500/,
  },
  {
    company: { kind: 'greenhouse', slug: 'initech', name: 'Initech (HTML login wall)', jobs: 3 },
    fault: 'html',
    reason: /expected JSON, got text\/html/,
  },
  {
    company: { kind: 'smartrecruiters', slug: 'hooli', name: 'Hooli (truncated JSON)', jobs: 3 },
    fault: 'malformed-json',
    reason: /expected JSON, got application\/json starting "\{"jobs": \[/,
  },
  {
    company: { kind: 'greenhouse', slug: 'umbrella', name: 'Umbrella (cut off mid-body)', jobs: 3 },
    fault: 'truncated',
    reason: /cut off/,
  },
];

export async function failingBoards(): Promise<ScenarioRow> {
  const healthy = e2eBoards(HEALTHY, 21);
  const broken = e2eBoards(
    BROKEN.map((b) => b.company),
    22,
  ).map((board, i) => ({ ...board, faults: { always: BROKEN[i]!.fault } }));
  const ws = await createWorkspace('failing-boards');
  let sim: Simulator | null = null;
  let llm: LlmServer | null = null;
  try {
    sim = await startSimulator({ boards: [...healthy, ...broken] });
    llm = await startLlmServer();
    await ws.writeConfig(
      e2eConfig({
        origin: sim.origin,
        outputDir: ws.outDir,
        companies: [...HEALTHY, ...BROKEN.map((b) => b.company)],
        llmBaseUrl: llm.baseUrl,
      }),
    );
    const run = await runCli({ cwd: ws.root, args: ['--config', ws.configFile, '--no-pdf'] });
    const problems: string[] = [];
    const { row, audit } = await finishScenario({
      scenario: 'boards down, HTML, truncated JSON, cut off',
      ws,
      expected: expectedJobs(healthy),
      runs: [run],
      exitCode: run.code,
      expectedExitCode: 1,
      problems,
      notes: '',
    });
    const summary = audit.runs.at(-1)?.summary;
    check(row.problems, summary !== undefined && summary !== null, 'no summary.json');
    const failed = (summary?.companies ?? []).filter((c) => c.error !== null);
    row.notes = `${failed.length} of ${summary?.companies.length ?? 0} companies reported failed`;
    check(
      row.problems,
      JSON.stringify(failed.map((c) => c.name).sort()) ===
        JSON.stringify(BROKEN.map((b) => b.company.name).sort()),
      `failed companies: ${failed.map((c) => c.name).join(', ')}`,
    );
    for (const { company, reason } of BROKEN) {
      const error = summary?.companies.find((c) => c.name === company.name)?.error ?? '';
      check(row.problems, reason.test(error), `${company.name}: error "${error}" does not match ${reason}`);
      const listed = run.stdout.split('\n').some((l) => l.startsWith(`  - ${company.name} [scrape]: `));
      check(row.problems, listed, `${company.name}: not among the failures the CLI printed`);
    }
    return row;
  } finally {
    await sim?.close();
    await llm?.close();
    await ws.remove();
  }
}

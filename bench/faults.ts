import { parseArgs } from 'node:util';
import { formatTable, passed, type ScenarioRow } from '../tests/e2e/harness/table.js';
import { SCENARIOS } from '../tests/e2e/scenarios/index.js';

/**
 * `npm run bench -- --faults`: the reliability scenarios of tests/e2e (the same code the tests
 * run: the real CLI against the simulator and the local LLM server), one after another, then the
 * table of jobs expected, done, lost and duplicated per scenario.
 */

const USAGE = `usage: npm run bench -- --faults [--only ${SCENARIOS.map((s) => s.name).join(',')}]`;

/** Runs the scenarios named in `only` (all when empty) and returns their rows. */
export async function collectFaults(only: string[] = []): Promise<ScenarioRow[]> {
  const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; ${USAGE}`);
  const rows: ScenarioRow[] = [];
  for (const scenario of SCENARIOS) {
    if (only.length > 0 && !only.includes(scenario.name)) continue;
    process.stderr.write(`[faults] ${scenario.name}...\n`);
    const started = performance.now();
    const result = await scenario.run();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `[faults] ${scenario.name}: ${result.filter(passed).length}/${result.length} passed in ${seconds} s\n`,
    );
    rows.push(...result);
  }
  return rows;
}

/** Every scenario, then the table on stdout. */
export async function runFaults(): Promise<void> {
  process.stdout.write(formatTable(await collectFaults()));
}

/** Called by bench/main.ts with the arguments after --faults; exit code 1 when a scenario failed. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  const rows = await collectFaults(only);
  process.stdout.write(formatTable(rows));
  return rows.every(passed) ? 0 : 1;
}

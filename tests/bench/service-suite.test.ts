import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSuiteTable, runSuite, type SuiteRow, suiteExitCode } from '../../bench/service-suite.js';

const FIGURES = path.join(import.meta.dirname, '../service-suite/figures.ts');

// A tiny suite of its own (not the service suite): a row that passes with figures, one that fails,
// one skipped, and a file that does not load. vitest runs it in a child process, as the bench does.
const TINY = `
import { recordFigures } from ${JSON.stringify(FIGURES)};
describe('tiny row', () => {
  it('passes and records', () => {
    recordFigures(expect.getState().currentTestName, { 'p99 ms': 12, note: 'ok' });
    recordFigures(expect.getState().currentTestName, { retried: 3 });
    expect(1).toBe(1);
  });
  it('fails', () => {
    expect(2, 'two is not three').toBe(3);
  });
  it.skip('is skipped', () => {});
});
`;

describe('bench --faults --service: the table builder', () => {
  let dir: string;
  let rows: SuiteRow[];
  let exitCode: number | null;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jm-tiny-suite-'));
    await writeFile(path.join(dir, 'tiny.test.ts'), TINY);
    await writeFile(path.join(dir, 'broken.test.ts'), "import './no-such-module.js';\n");
    ({ rows, exitCode } = await runSuite({ root: dir, targets: ['.'], vitestArgs: ['--globals'] }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('one row per test, with its result, duration and the figures it recorded', () => {
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('tiny row > passes and records')).toMatchObject({
      ok: true,
      status: 'passed',
      figures: { 'p99 ms': 12, note: 'ok', retried: 3 },
      failure: null,
    });
    expect(byName.get('tiny row > fails')).toMatchObject({ ok: false, status: 'failed', figures: {} });
    expect(byName.get('tiny row > fails')?.failure).toContain('two is not three');
    expect(byName.get('tiny row > is skipped')).toMatchObject({ ok: false, status: 'skipped' });
    expect(byName.get('broken.test.ts')).toMatchObject({ ok: false, status: 'failed' });
    expect(byName.get('broken.test.ts')?.failure).toContain('no-such-module');
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('prints a line per row and the failures; the exit code is non-zero when a row failed', () => {
    const table = formatSuiteTable(rows);
    expect(table).toMatch(
      /tiny row > passes and records\s+pass\s+\d+\.\d\s+p99 ms: 12, note: ok, retried: 3/,
    );
    expect(table).toMatch(/tiny row > fails\s+FAIL/);
    expect(table).toMatch(/tiny row > is skipped\s+skipped/);
    expect(table).toContain('1 of 4 passed');
    expect(exitCode).not.toBe(0);
    expect(suiteExitCode(rows, exitCode)).toBe(1);
    const passing = rows.filter((r) => r.ok);
    expect(suiteExitCode(passing, 0)).toBe(0);
    expect(suiteExitCode([], 0)).toBe(1);
  });
});

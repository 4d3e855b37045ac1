import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulatorChild } from '../sim/child.js';
import type { ConfigInput } from '../src/config/schema.js';
import { childrenCpuMs, PROJECT_ROOT } from './proc.js';

/**
 * The fixed cost of a run: the real, built CLI (`node dist/src/cli/main.js`, as `npm run match`
 * and the `job-matcher` bin start it) over one small board of the simulator, dry run, several
 * times in fresh processes. Wall is from spawn to exit; CPU is the exited process's user + system
 * time as the kernel counted it (this process's reaped children).
 */

export interface StartupResult {
  /** Median of the runs. */
  wallMs: number;
  cpuMs: number;
  walls: number[];
  cpus: number[];
}

const ROOT = PROJECT_ROOT;
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
export const STARTUP_TARGET_MS = 600;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

export async function measureStartup(runs = 5): Promise<StartupResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const sim = await startSimulatorChild({
    boards: [
      { kind: 'greenhouse', slug: 'acmelabs', companyName: 'Acme Labs', jobs: 40, latency: { fixedMs: 50 } },
    ],
    seed: 42,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'jm-bench-startup-'));
  try {
    const config: ConfigInput = {
      resume: path.join(ROOT, 'sim', 'demo', 'resume.md'),
      output_dir: path.join(dir, 'output'),
      search: { roles: ['Backend Engineer'], keywords: ['TypeScript', 'Node.js'] },
      llm: { provider: 'offline' },
      sources: { greenhouse: { api_base: sim.origin } },
      companies: [{ name: 'Acme Labs', url: 'https://boards.greenhouse.io/acmelabs' }],
    };
    const file = path.join(dir, 'config.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cpuBefore = await childrenCpuMs();
      const started = performance.now();
      const code = await runCli(['--config', file, '--dry-run', '--force']);
      walls.push(performance.now() - started);
      const cpuAfter = await childrenCpuMs();
      if (code !== 0) throw new Error(`the CLI exited with code ${code} over one board`);
      if (cpuBefore !== null && cpuAfter !== null) cpus.push(cpuAfter - cpuBefore);
    }
    return { wallMs: median(walls), cpuMs: median(cpus), walls, cpus };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The start-up row: one small board through the built CLI, medians of fresh processes. */
export function startupRow(r: StartupResult): string[] {
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return ['1 board', sec(r.wallMs), '-', '-', '-', '-', '-', sec(r.cpuMs), '-', '-', '-'];
}

export function startupChecks(r: StartupResult): Array<{ what: string; ok: boolean }> {
  return [
    { what: `start-up wall under ${STARTUP_TARGET_MS / 1000} s`, ok: r.wallMs < STARTUP_TARGET_MS },
    { what: `start-up CPU under ${STARTUP_TARGET_MS / 1000} s`, ok: r.cpuMs < STARTUP_TARGET_MS },
  ];
}

export function startupLine(r: StartupResult): string {
  const list = (values: number[]) => values.map((v) => (v / 1000).toFixed(2)).join(', ');
  return (
    `1 board: the built CLI (node dist/cli/main.js --dry-run, as npm run match and the bin start it) over one Greenhouse board of 40 jobs, ${r.walls.length} fresh processes;` +
    ` wall ${list(r.walls)} s, CPU ${list(r.cpus)} s; targets: ${startupChecks(r)
      .map((c) => `${c.ok ? 'ok' : 'MISSED'} ${c.what}`)
      .join('; ')}`
  );
}

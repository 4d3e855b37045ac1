import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { calibrate } from './calibrate.js';
import type { benchScoring } from './match.js';
import { FROM_SOURCE } from './proc.js';
import { formatMarkdown, formatText, report, type WorkloadReport } from './report.js';
import type { RunMode, RunResult } from './run-workload.js';
import { measureStartup, type StartupResult, startupChecks } from './startup.js';
import { WORKLOADS, type WorkloadName, workload } from './workloads.js';

/**
 * `npm run bench`: every workload against the simulator, each run in a fresh process, printed
 * beside its lower bound. `--faults` is the reliability suite (bench/faults.ts, when present).
 */

const USAGE = `usage: npm run bench -- [--only startup,a,b,c,d,g,match] [--markdown file] [--json file] [--no-three] [--trace]
       npm run bench -- --faults [args for bench/faults.ts]
       npm run bench -- --screen [--only e,f]
       npm run bench -- --service [--duration=10]`;

type Answer =
  | { ok: true; result: RunResult }
  | { ok: true; match: Awaited<ReturnType<typeof benchScoring>> }
  | { ok: false; error: string; stack: string | null };

/**
 * `npm run bench` runs the compiled benchmark (dist/bench/), so the runs measure the JavaScript
 * that ships, with no TypeScript loader in the measured process; under tsx it runs the sources.
 */
const EXT = FROM_SOURCE ? 'ts' : 'js';
const RUNNER = path.join(import.meta.dirname, `run-workload.${EXT}`);

function runInChild(name: WorkloadName | 'match', mode: RunMode, trace = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = fork(RUNNER, [name, mode, ...(trace ? ['trace'] : [])], {
      execArgv: FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: Answer | null = null;
    child.on('message', (message: Answer) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`bench run ${name} ${mode} exited with code ${code} without a result`));
    });
  });
}

async function measure(name: WorkloadName, mode: RunMode, trace: boolean): Promise<RunResult> {
  process.stderr.write(`[bench] (${name}) ${mode}...\n`);
  const answer = await runInChild(name, mode, trace);
  if (!answer.ok) throw new Error(`(${name}) ${mode}: ${answer.error}\n${answer.stack ?? ''}`);
  if (!('result' in answer)) throw new Error(`(${name}) ${mode}: no result`);
  return answer.result;
}

async function faults(args: string[]): Promise<number> {
  const file = path.join(import.meta.dirname, `faults.${EXT}`);
  if (!existsSync(file)) {
    process.stderr.write('bench: --faults needs bench/faults.ts, which is not in this checkout yet\n');
    return 2;
  }
  const mod = (await import('./faults.js' as string)) as {
    main?: (args: string[]) => Promise<number | undefined>;
  };
  if (typeof mod.main !== 'function') return 0;
  return (await mod.main(args)) ?? 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--faults') && argv.includes('--service'))
    return (await import('./service-suite.js')).main(
      argv.filter((a) => a !== '--faults' && a !== '--service'),
    );
  if (argv.includes('--faults')) return faults(argv.filter((a) => a !== '--faults'));
  if (argv.includes('--screen'))
    return (await import('./screen.js')).main(argv.filter((a) => a !== '--screen'));
  if (argv.includes('--scale')) return (await import('./scale.js')).main(argv.filter((a) => a !== '--scale'));
  if (argv.includes('--service'))
    return (await import('./service.js')).main(argv.filter((a) => a !== '--service'));
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      markdown: { type: 'string' },
      json: { type: 'string' },
      'no-three': { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const wanted = values.only
    ? values.only.split(',').map((s) => s.trim())
    : ['startup', ...WORKLOADS, 'match'];
  const unknown = wanted.filter(
    (n) => n !== 'match' && n !== 'startup' && !WORKLOADS.includes(n as WorkloadName),
  );
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown workload ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const reports: WorkloadReport[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  // The figure to set the CPU columns against, in this otherwise idle process.
  const calibrationBefore = calibrate();
  let startup: StartupResult | null = null;
  if (wanted.includes('startup')) {
    process.stderr.write('[bench] start-up (1 board, built CLI)...\n');
    startup = await measureStartup();
  }
  for (const name of WORKLOADS.filter((n) => wanted.includes(n))) {
    const w = workload(name);
    const streaming = await measure(name, 'streaming', values.trace);
    const three =
      w.threeCandidates && !values['no-three'] ? await measure(name, 'three-candidates', values.trace) : null;
    // (g) mirrors a scheduled scan: a later run on the same state shows what the schedule learnt.
    const later = name === 'g' ? await measure(name, 'later-run', values.trace) : null;
    reports.push(report(w, streaming, three, later));
  }
  const extra: string[] = [];
  if (wanted.includes('match')) {
    process.stderr.write('[bench] match...\n');
    const answer = await runInChild('match', 'streaming');
    if (answer.ok && 'match' in answer) {
      const m = answer.match;
      extra.push(
        `match: ${m.listings} listings scored in ${(m.ms / 1000).toFixed(2)} s (${m.perListingUs} µs each), peak RSS ${m.peakRssMb} MB`,
      );
    } else if (!answer.ok) extra.push(`match: failed: ${answer.error}`);
  }
  const load = { before: loadBefore, after: os.loadavg()[0] ?? 0 };
  const calibration = { before: calibrationBefore, after: calibrate() };
  process.stdout.write(`${formatText(reports, load, extra, startup, calibration)}\n`);
  if (values.markdown) {
    await writeFile(values.markdown, `${formatMarkdown(reports, load, startup, calibration)}\n`);
  }
  if (values.json) {
    await writeFile(values.json, `${JSON.stringify({ startup, reports, calibration }, null, 2)}\n`);
  }
  const checks = [...reports.flatMap((r) => r.checks), ...(startup ? startupChecks(startup) : [])];
  return checks.every((c) => c.ok) ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAKE_API_KEY, REPO_ROOT } from './setup.js';

/**
 * The real CLI as a child process. It runs as `node --import tsx src/cli/main.ts`, one process:
 * the `tsx` binary is a wrapper that runs the program in a second node process, so a SIGKILL sent
 * to it would kill the wrapper and leave the real run going on as an orphan.
 */

const MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A run that has not exited after this long is stuck: it is killed and reported as such. */
const HANG_LIMIT_MS = 180_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the harness had to kill a run that did not end by itself. */
  hung: boolean;
}

export interface CliOptions {
  cwd: string;
  args: string[];
  /** Added to a clean environment (PATH, HOME), with CI=1 and the fake OPENAI_API_KEY. */
  env?: Record<string, string>;
}

/** A running CLI: its output so far, a way to wait for a line, to signal it, and its end. */
export class RunningCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private readonly child: ChildProcess;
  private readonly watchers = new Set<{ test: (line: string) => boolean; done: (hit: boolean) => void }>();
  private partial = '';
  private ended = false;

  constructor(opts: CliOptions) {
    this.child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, ...opts.args], {
      cwd: opts.cwd,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? opts.cwd,
        CI: '1',
        OPENAI_API_KEY: FAKE_API_KEY,
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      this.child.kill('SIGKILL');
    }, HANG_LIMIT_MS);
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      // 'close' (not 'exit'): every byte of output has been read by then.
      this.child.once('close', (code, signal) => {
        clearTimeout(guard);
        this.ended = true;
        for (const w of this.watchers) w.done(false);
        this.watchers.clear();
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr, hung });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves true at the first output line (from now on) that passes `test`, false if the run ends first. */
  waitForLine(test: (line: string) => boolean): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      const watcher = {
        test,
        done: (hit: boolean) => {
          this.watchers.delete(watcher);
          resolve(hit);
        },
      };
      this.watchers.add(watcher);
    });
  }

  /** Sends a signal if the process still runs; returns whether it did. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.ended || this.child.exitCode !== null || this.child.signalCode !== null) return false;
    return this.child.kill(signal);
  }

  private onStdout(chunk: string): void {
    this.stdout += chunk;
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...this.watchers]) if (w.test(line)) w.done(true);
    }
  }
}

export function startCli(opts: CliOptions): RunningCli {
  return new RunningCli(opts);
}

/** Runs the CLI to its end. */
export function runCli(opts: CliOptions): Promise<CliResult> {
  return startCli(opts).exited;
}

/** The JSON log lines (--json) of a run's stdout; other lines are skipped. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut by a kill: not a record.
    }
  }
  return out;
}

/** Node's own warnings (MaxListenersExceededWarning and the like) in a run's stderr. */
export function nodeWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\(node:\d+\) \w*Warning/.test(line));
}

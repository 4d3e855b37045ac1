import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_NODE_ARGS, PROJECT_ROOT } from '../../bench/proc.js';

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** SIGKILL unless it has ended; resolves once it has. */
  kill(): Promise<void>;
}

/**
 * One job-matcher CLI process, as `npm run serve` / `npm run worker` start it
 * (the sources under tsx in the tests, the built CLI in the compiled bench), its output kept for the caller
 * to wait on. Whoever starts it kills it.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [...CLI_NODE_ARGS, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    output: () => output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

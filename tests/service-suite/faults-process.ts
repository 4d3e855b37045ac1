import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/**
 * The real command line in a child process (`serve`, `worker`), as an operator starts it: the
 * service suite's faults are done to these processes (SIGKILL, restart), never to objects in the
 * test's own process.
 */
const MAIN = path.join(import.meta.dirname, '../../src/cli/main.ts');

export class CliProcess {
  /** Everything it wrote (stdout and stderr, interleaved), for assertions and failure messages. */
  output = '';
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = once(child, 'exit').then(() => {});
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns `main.ts <args>` and waits for `ready` in its output; the match is returned. */
  static async start(
    args: string[],
    ready: RegExp,
    env: NodeJS.ProcessEnv,
    timeoutMs = 60_000,
  ): Promise<{ proc: CliProcess; match: RegExpMatchArray }> {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new CliProcess(child);
    const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${args[0]} not ready within ${timeoutMs} ms:\n${proc.output}`));
      }, timeoutMs);
      const check = () => {
        const found = ready.exec(proc.output);
        if (found) {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.stderr?.off('data', check);
          resolve(found);
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${args[0]} exited (${code ?? signal}) before it was ready:\n${proc.output}`));
      });
    });
    return { proc, match };
  }

  /** Sends the signal and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    await this.exited;
  }
}

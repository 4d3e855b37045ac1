import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A stream that hands every write to `add`: what the CLI prints, kept for the test to read. */
function sink(add: (s: string) => void): NodeJS.WritableStream {
  return {
    write: (s: string) => {
      add(s);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
}

/** The real CLI in this process, in `cwd`, with stdout and stderr captured and its exit code. */
export async function runCliCaptured(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    env,
    cwd,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

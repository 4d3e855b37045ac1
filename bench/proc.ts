import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The project folder, the nearest one up with a package.json: the benchmark runs compiled from
 * dist/bench/ (npm run bench) or from bench/ under tsx, one level apart.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);

/** Whether this code runs from the TypeScript sources (under tsx) rather than compiled. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * Node's arguments that start the CLI: compiled (npm run bench), the built CLI that `npm run
 * serve` and `npm run worker` run; from the sources (the tests, under tsx), the sources.
 */
export const CLI_NODE_ARGS = FROM_SOURCE
  ? ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/main.ts')]
  : [path.join(PROJECT_ROOT, 'dist/cli/main.js')];

/**
 * CPU time of this process's reaped children, in ms (Linux /proc; null elsewhere): Chromium after
 * it is closed, or a CLI run after it exits. Children still running are not in it.
 */
export async function childrenCpuMs(): Promise<number | null> {
  try {
    const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]?.split(' ') ?? [];
    // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

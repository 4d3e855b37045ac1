import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process with captured output. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: {
      write: (s: string) => {
        out += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    stderr: {
      write: (s: string) => {
        err += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    env: {},
    cwd: dir,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe('CLI usage', () => {
  it('--help lists the options and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--config',
      '--out',
      '--dry-run',
      '--company',
      '--limit',
      '--verbose',
      '--version',
      '--shard',
      '--json',
    ]) {
      expect(out).toContain(flag);
    }
  });

  it('--version prints the version and exits 0', async () => {
    const { code, out } = await cli(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown option or a bad --limit is a usage error, exit 2', async () => {
    const unknown = await cli(['--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--frobnicate');
    const limit = await cli(['--limit', 'zero']);
    expect(limit.code).toBe(2);
    expect(limit.err).toContain('--limit takes a whole number');
    const shard = await cli(['--shard', '3/2']);
    expect(shard.code).toBe(2);
    expect(shard.err).toContain('i/n');
  });
});

describe('CLI with a bad config', () => {
  it('prints one line per problem, exits 2, and writes nothing', async () => {
    const out = path.join(dir, 'out-bad');
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        resume: 'me.md',
        output_dir: out,
        companies: [
          { name: 'A', url: 'https://boards.greenhouse.io/a' },
          { name: 'B', url: 'https://jobs.lever.co/b' },
          { name: 'Acme', url: 'boards/acme' },
        ],
        min_score: -1,
      }),
    );
    const { code, err } = await cli(['--config', 'config.json']);
    expect(code).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines).toContain('config.json: companies[2].url: expected a URL, got "boards/acme"');
    expect(lines.some((l) => l.startsWith('config.json: min_score: '))).toBe(true);
    expect(lines).toHaveLength(2);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('a missing config file names it and exits 2', async () => {
    const { code, err } = await cli(['--config', 'missing.yaml']);
    expect(code).toBe(2);
    expect(err).toContain(`${path.join(dir, 'missing.yaml')}: file not found`);
  });

  it('a key in the config file is refused, exit 2', async () => {
    await writeFile(
      path.join(dir, 'keyed.yaml'),
      'resume: me.md\nllm:\n  api_key: sk-test\ncompanies:\n  - name: A\n    url: https://jobs.lever.co/a\n',
    );
    const { code, err } = await cli(['--config', 'keyed.yaml']);
    expect(code).toBe(2);
    expect(err).toContain('llm.api_key');
    expect(err).toContain('OPENAI_API_KEY');
  });

  it('the real process exits 2 with the same message', async () => {
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
    const result = await promisify(execFile)(tsx, [main, '--config', 'config.json'], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('config.json: companies[2].url: expected a URL, got "boards/acme"');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

async function problemsOf(file: string): Promise<string[]> {
  const error = await loadConfig(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

const minimal = { resume: 'me.md', companies: [{ name: 'Acme', url: 'https://boards.greenhouse.io/acme' }] };

describe('loadConfig', () => {
  it('loads the shipped config.json with the original keys and defaults', async () => {
    const config = await loadConfig(path.join(repoRoot, 'config.json'));
    expect(config.parallel_workers).toBe(5);
    expect(config.min_score).toBe(60);
    expect(config.top_per_company).toBe(true);
    expect(config.companies.length).toBeGreaterThanOrEqual(5);
    expect(config.resume).toBe(path.join(repoRoot, 'resume.md'));
    expect(config.state_file).toBe(path.join(repoRoot, 'output', 'state.json'));
  });

  it('config.fast.json extends config.json with 7 workers and min_score 65', async () => {
    const fast = await loadConfig(path.join(repoRoot, 'config.fast.json'));
    const base = await loadConfig(path.join(repoRoot, 'config.json'));
    expect(fast.parallel_workers).toBe(7);
    expect(fast.min_score).toBe(65);
    expect(fast.companies).toEqual(base.companies);
    expect(fast.search).toEqual(base.search);
  });

  it('applies documented defaults to a minimal file', async () => {
    const config = await loadConfig(await write('minimal.json', minimal));
    expect(config.parallel_workers).toBe(5);
    expect(config.min_score).toBe(60);
    expect(config.top_per_company).toBe(true);
    expect(config.llm.provider).toBe('openai');
    expect(config.sources.concurrency).toBe(16);
    expect(config.output_dir).toBe(path.join(dir, 'output'));
    expect(config.cache_dir).toBe(path.join(dir, 'output', '.cache'));
  });

  it('reads YAML and lets any config extend another, overriding nested keys', async () => {
    await write(
      'base.yaml',
      'resume: me.md\nllm:\n  model: base-model\n  concurrency: 3\ncompanies:\n  - name: A\n    url: https://jobs.lever.co/a\n',
    );
    const file = await write(
      'child.yml',
      'extends: base.yaml\ntop_per_company: 2\nllm:\n  model: child-model\n',
    );
    const config = await loadConfig(file);
    expect(config.llm.model).toBe('child-model');
    expect(config.llm.concurrency).toBe(3);
    expect(config.top_per_company).toBe(2);
    expect(config.companies[0]?.name).toBe('A');
  });

  it('reports one line per problem with file, key path and what was expected', async () => {
    const file = await write('config.json', {
      resume: 'me.md',
      min_score: 140,
      parallel_workers: 'many',
      companies: [
        { name: 'A', url: 'https://boards.greenhouse.io/a' },
        { name: 'B', url: 'https://jobs.lever.co/b' },
        { name: 'Acme', url: 'boards/acme' },
      ],
    });
    const problems = await problemsOf(file);
    const shown = file;
    expect(problems).toContain(`${shown}: companies[2].url: expected a URL, got "boards/acme"`);
    expect(problems.some((p) => p.startsWith(`${shown}: min_score: `) && p.includes('140'))).toBe(true);
    expect(problems.some((p) => p === `${shown}: parallel_workers: expected number, got "many"`)).toBe(true);
    expect(problems).toHaveLength(3);
  });

  it('names misspelt keys and invalid enum values', async () => {
    const file = await write('typo.json', { ...minimal, paralel_workers: 3, llm: { provider: 'anthropic' } });
    const problems = await problemsOf(file);
    expect(problems.some((p) => p.includes('(top level): unknown key "paralel_workers"'))).toBe(true);
    expect(
      problems.some((p) => p.includes('llm.provider: expected one of "openai", "offline", got "anthropic"')),
    ).toBe(true);
  });

  it('refuses an API key written into a config file and says why', async () => {
    const file = await write('secret.json', { ...minimal, llm: { api_key: 'sk-abc' } });
    const [problem] = await problemsOf(file);
    expect(problem).toContain('llm.api_key');
    expect(problem).toContain('OPENAI_API_KEY');
  });

  it('refuses a key-shaped value under any name', async () => {
    const file = await write('secret2.json', {
      ...minimal,
      llm: { model: 'sk-proj-abcdefghijklmnopqrstuvwx' },
    });
    const [problem] = await problemsOf(file);
    expect(problem).toContain('llm.model');
    expect(problem).toContain('environment');
  });

  it('names the file for missing files, bad JSON and extends cycles', async () => {
    const missing = path.join(dir, 'nope.json');
    expect((await problemsOf(missing))[0]).toContain(`${missing}: file not found`);
    const bad = await write('bad.json', '{ "resume": ');
    expect((await problemsOf(bad))[0]).toContain(`${bad}: not valid JSON`);
    await write('a.json', { extends: 'b.json', ...minimal });
    await write('b.json', { extends: 'a.json' });
    expect((await problemsOf(path.join(dir, 'a.json')))[0]).toContain('extends forms a cycle');
  });
});

describe('candidates', () => {
  const companies = minimal.companies;

  it('each candidate inherits the top level terms it does not set, object by object', async () => {
    const file = await write('three.json', {
      companies,
      min_score: 70,
      search: { locations: ['Berlin'], roles: ['Backend Engineer'] },
      candidates: [
        { id: 'dana', resume: 'dana.md' },
        { id: 'sam', resume: 'cv/sam.pdf', min_score: 50, search: { roles: ['Data Engineer'] } },
      ],
    });
    const config = await loadConfig(file);
    expect(config.candidate_folders).toBe(true);
    const [dana, sam] = config.candidates;
    expect(dana?.resume).toBe(path.join(dir, 'dana.md'));
    expect(dana?.min_score).toBe(70);
    expect(dana?.search.roles).toEqual(['Backend Engineer']);
    expect(sam?.resume).toBe(path.join(dir, 'cv', 'sam.pdf'));
    expect(sam?.min_score).toBe(50);
    expect(sam?.search).toMatchObject({ roles: ['Data Engineer'], locations: ['Berlin'] });
  });

  it('without candidates the top level is the one candidate, "default"', async () => {
    const config = await loadConfig(await write('one.json', minimal));
    expect(config.candidate_folders).toBe(false);
    expect(config.candidates.map((c) => [c.id, c.resume, c.min_score])).toEqual([
      ['default', path.join(dir, 'me.md'), 60],
    ]);
  });

  it('unknown keys, duplicate ids and a missing resume are errors with their key path', async () => {
    const file = await write('bad-candidates.json', {
      companies,
      candidates: [
        { id: 'dana', resume: 'a.md', min_scor: 3 },
        { id: 'dana', resume: 'b.md' },
        { id: 'Sam Smith', resume: 'c.md' },
      ],
    });
    const problems = await problemsOf(file);
    expect(problems.some((p) => p.includes('candidates[0]: unknown key "min_scor"'))).toBe(true);
    expect(problems.some((p) => p.includes('candidates[2].id:'))).toBe(true);
    const dup = await problemsOf(
      await write('dup.json', {
        companies,
        candidates: [
          { id: 'dana', resume: 'a.md' },
          { id: 'dana', resume: 'b.md' },
        ],
      }),
    );
    expect(dup).toEqual([expect.stringContaining('candidates[1].id: duplicate candidate id "dana"')]);
    const none = await problemsOf(await write('no-resume.json', { companies }));
    expect(none).toEqual([expect.stringContaining('resume: required')]);
  });
});

describe('--out', () => {
  it('moves the state and the caches with the run folders; an explicit state_file or cache_dir wins', async () => {
    const out = path.join(dir, 'elsewhere');
    const moved = await loadConfig(await write('out.json', minimal), { cwd: dir, outputDir: 'elsewhere' });
    expect(moved.output_dir).toBe(out);
    expect(moved.state_file).toBe(path.join(out, 'state.json'));
    expect(moved.cache_dir).toBe(path.join(out, '.cache'));
    const pinned = await loadConfig(
      await write('pinned.json', { ...minimal, state_file: 'keep/state.json', cache_dir: 'keep/cache' }),
      { cwd: dir, outputDir: 'elsewhere' },
    );
    expect(pinned.output_dir).toBe(out);
    expect(pinned.state_file).toBe(path.join(dir, 'keep', 'state.json'));
    expect(pinned.cache_dir).toBe(path.join(dir, 'keep', 'cache'));
  });
});

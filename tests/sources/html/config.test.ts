import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { thrown } from './harness.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-selectors-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(companies: unknown[]) {
  const file = path.join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ resume: 'resume.json', companies }));
  return loadConfig(file);
}

describe('selectors in the config', () => {
  it('are required at load for the html and browser kinds, naming companies[i].selectors', async () => {
    const error = await thrown(() =>
      load([
        { name: 'Fine', url: 'https://fine.example/careers' },
        { name: 'Static', url: 'https://static.example/jobs', kind: 'html' },
        { name: 'App', url: 'https://app.example/jobs', kind: 'browser' },
      ]),
    );
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.slice(p.indexOf(': ') + 2));
    expect(problems).toEqual([
      'companies[1].selectors: required for kind "html": give at least {"item": "<CSS for one job>", "title": "<CSS for its title>"}, got nothing',
      'companies[2].selectors: required for kind "browser": give at least {"item": "<CSS for one job>", "title": "<CSS for its title>"}, got nothing',
    ]);
  });

  it('load with selectors, and jsonld or undetected companies need none', async () => {
    const config = await load([
      {
        name: 'Static',
        url: 'https://static.example/jobs',
        kind: 'html',
        selectors: { item: '.job', title: 'h3' },
      },
      { name: 'Embedded', url: 'https://embedded.example/jobs', kind: 'jsonld' },
      { name: 'Guess', url: 'https://guess.example/jobs' },
    ]);
    expect(config.companies.map((c) => c.selectors?.item ?? null)).toEqual(['.job', null, null]);
  });
});

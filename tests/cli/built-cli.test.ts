import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorChild } from '../../sim/child.js';
import { loadRecorder } from '../helpers/loaded-packages.js';
import { FIXTURES, GO_JOB } from '../screen/harness.js';

/**
 * The built CLI (dist/cli/main.js, esbuild's bundle), as `npm run screen`, `npm run serve` and the
 * bin run it: the other tests run the sources, and a bundle can break what the sources do (a
 * parse thread once imported a step by the URL of the chunk that held it and found no export of
 * that name, so every resume read in a thread failed). Built here, so it is what the sources say.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/cli/main.js');
const META = path.join(ROOT, 'dist/cli-meta.json');
const run = promisify(execFile);
/** Read in parse threads (PDF and DOCX), and on the main thread (Markdown, JSON Resume). */
const RESUMES = ['maya-okafor.docx', 'maya-okafor.pdf', 'jordan-rivera.md', 'maya-okafor.resume.json'];

let dir: string;

beforeAll(async () => {
  await run('npm', ['run', 'build'], { cwd: ROOT });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-built-cli-'));
  await mkdir(path.join(dir, 'resumes'));
  for (const name of RESUMES) await copyFile(path.join(FIXTURES, name), path.join(dir, 'resumes', name));
  await writeFile(path.join(dir, 'job.md'), GO_JOB);
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Screened {
  ranked: { file: string }[];
  notScreened: { file: string; reason: string }[];
}

describe('the built CLI', () => {
  it('screens resumes read in parse threads and on the main thread', async () => {
    const result = await run(
      process.execPath,
      [MAIN, 'screen', '--job', 'job.md', '--resumes', 'resumes', '--no-llm', '--json', '--out', 'out'],
      { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: dir } },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    const screened = JSON.parse(result.stdout) as { ranking: { file: string }[]; notScreened: unknown[] };
    expect(screened.notScreened).toEqual([]);
    expect(screened.ranking.map((r) => r.file).sort()).toEqual([...RESUMES].sort());
    await expect(readFile(path.join(dir, 'out', 'ranking.csv'), 'utf8')).resolves.toContain(
      'maya-okafor.pdf',
    );
  });

  it('serves a screening of uploaded PDF and DOCX resumes', async () => {
    const data = path.join(dir, 'data');
    const env = { PATH: process.env['PATH'] ?? '', HOME: dir };
    const created = await run(
      process.execPath,
      [MAIN, 'serve', 'token', 'create', '--name', 't', '--data', data],
      {
        cwd: dir,
        env,
      },
    );
    const token = created.stdout.trim().split('\n').at(-1) ?? '';
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data', data], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.once('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const found = /serving on (http:\/\/\S+)/.exec(out)?.[1];
          if (found) resolve(found);
        });
        child.once('close', (code) => reject(new Error(`serve exited (${code}) before listening: ${out}`)));
      });
      const form = new FormData();
      form.set('job_text', GO_JOB);
      form.set('llm', 'false');
      for (const name of ['maya-okafor.docx', 'maya-okafor.pdf']) {
        form.append('resumes', new Blob([await readFile(path.join(FIXTURES, name))]), name);
      }
      const res = await fetch(`${url}/api/screenings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await res.json()) as { state: string; result: Screened };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.result.notScreened).toEqual([]);
      expect(body.result.ranked).toHaveLength(2);
      expect(body.state).toBe('succeeded');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

/**
 * What a run that needs none of them must not load (issue 20: a one-board run in under 0.6 s of
 * CPU): the service, the queue, SQLite, the browser, PDF and Word readers and writers, the model's
 * SDK, the sanitizer, HTML parsers and the undici package (Node's own fetch does the CLI's HTTP).
 * Each came back once through a static import somewhere on the start-up path.
 */
const HEAVY = [
  'fastify',
  '@fastify/swagger',
  '@bull-board/api',
  'bullmq',
  'ioredis',
  'better-sqlite3',
  'playwright',
  'playwright-core',
  'pdfjs-dist',
  'docx',
  'docxtemplater',
  'mammoth',
  'openai',
  'sanitize-html',
  'cheerio',
  'linkedom',
  'undici',
];

describe('the built CLI keeps heavy modules off the start-up path', () => {
  const env = () => ({ PATH: process.env['PATH'] ?? '', HOME: dir });

  it('--help loads none of them', async () => {
    const recorder = await loadRecorder(await mkdtemp(path.join(dir, 'help-')), META);
    const result = await run(process.execPath, [...recorder.execArgv, MAIN, '--help'], {
      cwd: dir,
      env: env(),
    });
    expect(result.stdout).toContain('--dry-run');
    const loaded = await recorder.packages();
    // The record holds what the CLI does need (it cannot pass by recording nothing).
    expect(loaded).toContain('commander');
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('a dry run over one small board loads none of them', async () => {
    const sim = await startSimulatorChild({
      boards: [{ kind: 'greenhouse', slug: 'acmelabs', companyName: 'Acme Labs', jobs: 40 }],
      seed: 42,
    });
    try {
      const work = await mkdtemp(path.join(dir, 'dry-'));
      const config = path.join(work, 'config.json');
      await writeFile(
        config,
        JSON.stringify({
          resume: path.join(ROOT, 'sim', 'demo', 'resume.md'),
          output_dir: path.join(work, 'output'),
          search: { roles: ['Backend Engineer'], keywords: ['TypeScript', 'Node.js'] },
          llm: { provider: 'offline' },
          sources: { greenhouse: { api_base: sim.origin } },
          companies: [{ name: 'Acme Labs', url: 'https://boards.greenhouse.io/acmelabs' }],
        }),
      );
      const recorder = await loadRecorder(work, META);
      const result = await run(
        process.execPath,
        [...recorder.execArgv, MAIN, '--config', config, '--dry-run', '--force'],
        { cwd: work, env: env() },
      );
      expect(result.stdout).toContain('of 40 listings');
      const loaded = await recorder.packages();
      expect(loaded).toContain('zod');
      expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

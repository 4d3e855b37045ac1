import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { TailorSummary } from '../../src/tailor/types.js';
import { docxText } from '../generate/read-back.js';
import { type CliRun, runCliCaptured } from '../helpers/cli.js';
import { ACME_BOARD, FIXTURES, JOB_MD, TEMPLATE } from '../tailor/harness.js';

let dir: string;
let llm: LlmServer;
let sim: Simulator;

/** The model fails the first request with 429, as a busy endpoint does; the retry answers. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-cli-tailor-'));
  llm = await startLlmServer({ script: ['429'] });
  sim = await startSimulator({ boards: [structuredClone(ACME_BOARD)] });
  await mkdir(path.join(dir, 'resumes'));
  for (const name of ['maya-okafor.docx', 'priya-raman.txt', 'sam-rivera.txt', 'corrupt.docx'])
    await copyFile(path.join(FIXTURES, name), path.join(dir, 'resumes', name));
  await writeFile(path.join(dir, 'job.md'), JOB_MD);
  const broken = ['{name}', '{#work}', '{title} at {employr}', '{/work}'].map(
    (text) => new Paragraph({ text }),
  );
  await writeFile(
    path.join(dir, 'broken.docx'),
    await Packer.toBuffer(new Document({ sections: [{ children: broken }] })),
  );
  await writeFile(
    path.join(dir, 'config.json'),
    JSON.stringify({
      resume: 'unused.md',
      companies: [{ name: 'Acme', url: 'https://boards.greenhouse.io/acme' }],
      llm: { base_url: llm.baseUrl, model: 'sim-model', concurrency: 2, max_retries: 2, timeout_ms: 10_000 },
    }),
  );
});
afterAll(async () => {
  await llm.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) => cliWith({ OPENAI_API_KEY: 'sk-test-local-server-key' }, argv);

const cliWith = (env: NodeJS.ProcessEnv, argv: string[]): Promise<CliRun> => runCliCaptured(argv, dir, env);

describe('npm run tailor', () => {
  it('tailors every readable resume into the template, lists the failed one, and exits 1', async () => {
    const companyUrl = `${sim.origin}/careers/acme/about`;
    const base = ['tailor', '--job', 'job.md', '--resumes', 'resumes', '--config', 'config.json', '--no-pdf'];
    const { code, out } = await cli([
      ...base,
      '--company-url',
      companyUrl,
      '--template',
      TEMPLATE,
      '--out',
      'out',
    ]);
    expect(code).toBe(1);
    expect(out).toContain('3 of 4 resumes tailored to Senior Backend Engineer at Acme');
    expect(out).toMatch(/corrupt\.docx: .*not a Word \.docx file/);

    const names = await readdir(path.join(dir, 'out'));
    // --out moves the caches with it, as for match: the research is kept there.
    expect(names).toContain('.cache');
    const [task] = names.filter((n) => n !== '.cache');
    expect(task).toMatch(/^tailor-\d{4}-\d{2}-\d{2}T/);
    const folder = path.join(dir, 'out', task!);
    const summary = JSON.parse(await readFile(path.join(folder, 'summary.json'), 'utf8')) as TailorSummary;
    expect(summary.template).toBe('template/resume-template.docx');
    // The 429 was retried: every person got the model's answer, none the offline fallback.
    expect(summary.people.map((p) => p.generator)).toEqual(['openai', 'openai', 'openai']);
    expect(llm.requests.filter((r) => r.status === 429)).toHaveLength(1);
    const resume = await docxText(await readFile(path.join(folder, 'maya-okafor', 'resume.docx')));
    expect(resume).toContain('Maya Okafor');
    expect(resume).not.toMatch(/[{}]/);
    expect(await readFile(path.join(folder, 'index.html'), 'utf8')).toContain('Priya Raman');
    expect(sim.requests.filter((r) => r.path === '/careers/acme/about')).toHaveLength(1);

    // The same day again: the research comes from the cache below the output folder.
    // (one resume is enough for that)
    await mkdir(path.join(dir, 'one'));
    await copyFile(path.join(FIXTURES, 'priya-raman.txt'), path.join(dir, 'one', 'priya-raman.txt'));
    const one = ['tailor', '--job', 'job.md', '--resumes', 'one', '--config', 'config.json', '--no-pdf'];
    const rerun = await cli([...one, '--company-url', companyUrl, '--out', 'out']);
    expect(rerun.code).toBe(0);
    expect(sim.requests.filter((r) => r.path === '/careers/acme/about')).toHaveLength(1);
    // Four resumes, two runs and parse threads: room for a machine shared by many test runs.
  }, 180_000);

  it('refuses a broken template with exit 2, naming the tag, before reading anything', async () => {
    const before = llm.requests.length;
    const { code, err } = await cli([
      'tailor',
      '--job',
      'job.md',
      '--resumes',
      'resumes',
      '--config',
      'config.json',
      '--template',
      'broken.docx',
      '--out',
      'bad',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/broken\.docx: the template cannot be used/);
    expect(err).toContain('unknown tag {employr} inside {#work} (word/document.xml, paragraph 3');
    expect(llm.requests.length).toBe(before);
  });

  it('exits 2 on usage errors: a missing --resumes folder, a missing option', async () => {
    const missing = await cli(['tailor', '--job', 'job.md', '--resumes', 'nowhere', '--no-pdf']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nowhere: not found/);
    const noJob = await cli(['tailor', '--resumes', 'resumes']);
    expect(noJob.code).toBe(2);
    expect(noJob.err).toMatch(/--job/);
  });

  it('reads a .zip of resumes, offline without a key, and keeps every event line in --log-file', async () => {
    const zip = new yazl.ZipFile();
    for (const name of ['priya-raman.txt', 'sam-rivera.txt'])
      zip.addBuffer(await readFile(path.join(FIXTURES, name)), `team/${name}`);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
    await writeFile(path.join(dir, 'people.zip'), Buffer.concat(chunks));
    const before = llm.requests.length;
    const { code, out } = await cliWith({}, [
      'tailor',
      '--job',
      'job.md',
      '--resumes',
      'people.zip',
      '--no-pdf',
      '--out',
      'zip',
      '--log-file',
      'tailor.log',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('2 of 2 resumes tailored');
    expect(llm.requests.length).toBe(before);
    const [task] = (await readdir(path.join(dir, 'zip'))).filter((n) => n.startsWith('tailor-'));
    const summary = JSON.parse(
      await readFile(path.join(dir, 'zip', task!, 'summary.json'), 'utf8'),
    ) as TailorSummary;
    expect(summary.people.map((p) => [p.folder, p.generator])).toEqual([
      ['team-priya-raman', 'offline'],
      ['team-sam-rivera', 'offline'],
    ]);
    const log = await readFile(path.join(dir, 'tailor.log'), 'utf8');
    expect(log).toMatch(/tailor: done team\/priya-raman\.txt/);
    expect(log).toMatch(/finish: finished/);
    expect(log).toMatch(/run tailor-\S+ succeeded/);
  });
});

import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliCaptured } from '../helpers/cli.js';
import { FIXTURES, GO_JOB } from '../screen/harness.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-screen-cli-'));
  await mkdir(path.join(dir, 'clean'));
  await mkdir(path.join(dir, 'mixed'));
  for (const name of ['jordan-rivera.md', 'maya-okafor.resume.json', 'priya-raman.txt']) {
    await copyFile(path.join(FIXTURES, name), path.join(dir, 'clean', name));
    await copyFile(path.join(FIXTURES, name), path.join(dir, 'mixed', name));
  }
  await copyFile(path.join(FIXTURES, 'blank.md'), path.join(dir, 'mixed', 'blank.md'));
  await writeFile(path.join(dir, 'job.md'), GO_JOB);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runCliCaptured(['screen', ...argv], dir, env);

describe('npm run screen', () => {
  it('exits 0 when every resume was screened, with the shortlist on stdout and every line in --log-file', async () => {
    const { code, out, err } = await cli([
      '--job',
      'job.md',
      '--resumes',
      'clean',
      '--out',
      'out-clean',
      '--log-file',
      'screen.log',
      '--top',
      '2',
    ]);
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(out).toMatch(/Screened 3 resumes for Senior Go Engineer: out-clean\/index\.html/);
    expect(out.match(/^\s+\d+\.\s+\d+\s/gm)).toHaveLength(2);
    expect(out).toContain('The tool ranks; a person decides.');
    const log = await readFile(path.join(dir, 'screen.log'), 'utf8');
    expect(log).toMatch(/screen: started \(3\)/);
    expect(log).toMatch(/\[screen\] 8 criteria; 3 resumes to screen/);
    for (const file of ['ranking.csv', 'ranking.json', 'requirements.json', 'index.html']) {
      await expect(readFile(path.join(dir, 'out-clean', file), 'utf8')).resolves.toBeTruthy();
    }
  });

  it('exits 1 when some were not screened, naming each with its reason; --json prints the result', async () => {
    const { code, out } = await cli([
      '--job',
      'job.md',
      '--resumes',
      'mixed',
      '--out',
      'out-mixed',
      '--json',
    ]);
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result.ranking).toHaveLength(3);
    expect(result.notScreened).toEqual([{ file: 'blank.md', reason: expect.stringMatching(/is empty/) }]);
  });

  it('takes an edited requirements.json back, and a screen: block from a config without resume or companies', async () => {
    const requirements = JSON.parse(await readFile(path.join(dir, 'out-clean', 'requirements.json'), 'utf8'));
    requirements.criteria = requirements.criteria.filter(
      (c: { id: string }) => c.id === 'skill-kafka' || c.id === 'skill-go',
    );
    requirements.criteria.push({
      id: 'skill-kafka',
      kind: 'skill',
      label: 'Kafka',
      must: true,
      weight: 5,
      terms: ['Kafka'],
    });
    await writeFile(path.join(dir, 'criteria.json'), JSON.stringify(requirements));
    await writeFile(
      path.join(dir, 'screen.yaml'),
      'screen:\n  criteria: criteria.json\n  top: 1\n  out: out-config\nllm:\n  model: gpt-4o-mini\n',
    );
    const { code, out } = await cli([
      '--config',
      'screen.yaml',
      '--job',
      'job.md',
      '--resumes',
      'clean',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.out).toBe(path.join(dir, 'out-config'));
    expect(result.ranking.filter((r: { shortlisted: boolean }) => r.shortlisted)).toHaveLength(1);
    const saved = JSON.parse(await readFile(path.join(dir, 'out-config', 'requirements.json'), 'utf8'));
    expect(saved.criteria.map((c: { id: string }) => c.id)).toEqual(['skill-go', 'skill-kafka']);
  });

  it('exits 2 for bad usage, a bad criteria file (naming the field), an unreadable job, or an existing folder', async () => {
    await writeFile(
      path.join(dir, 'bad-criteria.json'),
      JSON.stringify({
        version: 1,
        job: { title: null, company: null, sha256: 'x' },
        criteria: [{ id: 'years-go', kind: 'years', label: 'Go', must: true, weight: 3 }],
      }),
    );
    const bad = await cli(['--job', 'job.md', '--resumes', 'clean', '--criteria', 'bad-criteria.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad-criteria.json: criteria[0].min_years: required for kind "years"');

    const noJob = await cli(['--job', 'missing.md', '--resumes', 'clean', '--out', 'x1']);
    expect(noJob.code).toBe(2);
    expect(noJob.err).toMatch(/--job missing\.md: cannot be read/);

    await writeFile(path.join(dir, 'empty-job.md'), '#\n');
    const emptyJob = await cli(['--job', 'empty-job.md', '--resumes', 'clean', '--out', 'x2']);
    expect(emptyJob.code).toBe(2);
    expect(emptyJob.err).toMatch(/holds no job text/);

    expect((await cli(['--resumes', 'clean'])).code).toBe(2);
    expect((await cli(['--job', 'job.md', '--resumes', 'clean', '--concurrency', '0'])).code).toBe(2);
    expect((await cli(['--job', 'job.md', '--resumes', 'clean', '--llm'])).err).toMatch(
      /--llm needs OPENAI_API_KEY/,
    );
    await writeFile(path.join(dir, 'typo.yaml'), 'scren:\n  top: 1\n');
    const typo = await cli(['--config', 'typo.yaml', '--job', 'job.md', '--resumes', 'clean']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/typo\.yaml: .*unknown key "scren"/);
    const again = await cli(['--job', 'job.md', '--resumes', 'clean', '--out', 'out-clean']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds a screening; pass --force/);
    expect((await cli(['--job', 'job.md', '--resumes', 'clean', '--out', 'out-clean', '--force'])).code).toBe(
      0,
    );
  });

  it('--reveal <id> on a finished blind screening shows that candidate by name, without screening again', async () => {
    const blind = await cli([
      '--job',
      'job.md',
      '--resumes',
      'clean',
      '--out',
      'out-blind',
      '--blind',
      '--json',
    ]);
    expect(blind.code).toBe(0);
    const before = JSON.parse(await readFile(path.join(dir, 'out-blind', 'ranking.json'), 'utf8'));
    expect(before.ranking.map((r: { name: string | null }) => r.name)).toEqual([null, null, null]);
    const maya = before.ranking.find((r: { file: string }) => r.file === 'maya-okafor.resume.json');
    const html = await readFile(path.join(dir, 'out-blind', 'index.html'), 'utf8');
    expect(html).not.toContain('Maya Okafor');

    const reveal = await cli(['--reveal', maya.id, '--out', 'out-blind']);
    expect(reveal.err).toBe('');
    expect(reveal.code).toBe(0);
    expect(reveal.out).toContain(`${maya.id} maya-okafor.resume.json: Maya Okafor`);
    const after = JSON.parse(await readFile(path.join(dir, 'out-blind', 'ranking.json'), 'utf8'));
    // Same ranking, same scores; only that one candidate has a name.
    expect(after.ranking.map((r: { id: string; score: number }) => [r.id, r.score])).toEqual(
      before.ranking.map((r: { id: string; score: number }) => [r.id, r.score]),
    );
    expect(after.ranking.map((r: { id: string; name: string | null }) => r.name)).toEqual(
      before.ranking.map((r: { id: string }) => (r.id === maya.id ? 'Maya Okafor' : null)),
    );
    const candidate = JSON.parse(
      await readFile(path.join(dir, 'out-blind', 'candidates', `${maya.id}.json`), 'utf8'),
    );
    expect(candidate.contact.email).toMatch(/@/);
    expect(await readFile(path.join(dir, 'out-blind', 'ranking.csv'), 'utf8')).toContain('Maya Okafor');
    const page = await readFile(path.join(dir, 'out-blind', 'index.html'), 'utf8');
    expect(page).toContain('Maya Okafor');
    expect(page).not.toMatch(/Jordan Rivera|Priya Raman/);
    const log = JSON.parse(await readFile(path.join(dir, 'out-blind', 'revealed.json'), 'utf8'));
    expect(log).toEqual([{ at: expect.any(String), ids: [maya.id] }]);

    const unknown = await cli(['--reveal', 'nope123', '--out', 'out-blind']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /--reveal nope123: no such candidate in out-blind; use the ids of ranking\.csv/,
    );
    expect((await cli(['--reveal', maya.id])).err).toMatch(/--reveal needs the finished screening, --out/);
    expect((await cli(['--reveal', maya.id, '--out', 'no-such-folder'])).err).toMatch(
      /no-such-folder: no ranking\.json/,
    );
  });
});

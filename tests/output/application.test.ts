import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { cleanPartials, listCompleteApplications, writeApplication } from '../../src/output/application.js';
import { makeListing, makeRecord } from './fixtures/records.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'application-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const FILES = [
  { name: 'resume.md', data: '# Resume\n' },
  { name: 'cover-letter.md', data: 'Dear Acme,\n' },
  { name: 'resume.pdf', data: new Uint8Array([37, 80, 68, 70]) },
];

describe('writeApplication', () => {
  it('writes every file and job.json into <company>/<title>-<id>', async () => {
    const runDir = await tempDir();
    const record = makeRecord(makeListing({ jobId: '4012345', title: 'Backend Engineer' }));
    const folder = await writeApplication(runDir, record, FILES, '# Backend Engineer\n');
    expect(folder).toBe(join(runDir, 'acme', 'backend-engineer-4012345'));
    expect((await readdir(folder)).sort()).toEqual(
      ['cover-letter.md', 'description.md', 'job.json', 'resume.md', 'resume.pdf'].sort(),
    );
    const job = JSON.parse(await readFile(join(folder, 'job.json'), 'utf8'));
    expect(job.id).toBe('greenhouse:acme:4012345');
    expect(job.files).toEqual(['cover-letter.md', 'description.md', 'job.json', 'resume.md', 'resume.pdf']);
    expect(await readFile(join(folder, 'resume.pdf'))).toEqual(Buffer.from([37, 80, 68, 70]));
    expect(await readFile(join(folder, 'description.md'), 'utf8')).toBe('# Backend Engineer\n');
  });

  it('keeps hostile titles and company names inside the run folder', async () => {
    const sandbox = await tempDir();
    const runDir = join(sandbox, 'run');
    const listing = makeListing({ jobId: '../../x', title: '../../etc/passwd', company: '../..' });
    const folder = await writeApplication(runDir, makeRecord(listing), FILES, null);
    expect(folder.startsWith(`${runDir}/`)).toBe(true);
    expect(await readdir(sandbox)).toEqual(['run']);
  });

  it('leaves an existing complete folder for the same job untouched', async () => {
    const runDir = await tempDir();
    const record = makeRecord(makeListing({ jobId: '77' }));
    const folder = await writeApplication(runDir, record, FILES, null);
    const before = await stat(join(folder, 'job.json'));
    const again = await writeApplication(
      runDir,
      { ...record, title: record.title },
      [{ name: 'resume.md', data: 'NEW' }],
      null,
    );
    expect(again).toBe(folder);
    expect(await readFile(join(folder, 'resume.md'), 'utf8')).toBe('# Resume\n');
    expect((await stat(join(folder, 'job.json'))).mtimeMs).toBe(before.mtimeMs);
    expect((await listCompleteApplications(runDir)).applications).toHaveLength(1);
  });

  it('gives a different job that slugs to the same folder its own hashed folder', async () => {
    const runDir = await tempDir();
    const a = makeRecord(makeListing({ jobId: 'JR-1', title: 'Engineer' }));
    const b = makeRecord(makeListing({ jobId: 'jr-1', title: 'Engineer', board: 'acme2' }));
    const folderA = await writeApplication(runDir, a, FILES, null);
    const folderB = await writeApplication(runDir, b, FILES, null);
    expect(folderB).not.toBe(folderA);
    expect(folderB).toMatch(/engineer-jr-1-[0-9a-f]{8}$/);
    const ids = (await listCompleteApplications(runDir)).applications.map((app) => app.record.id).sort();
    expect(ids).toEqual([a.id, b.id].sort());
  });

  it('refuses file names that are not plain names', async () => {
    const runDir = await tempDir();
    const record = makeRecord(makeListing({ jobId: '5' }));
    await expect(writeApplication(runDir, record, [{ name: '../evil.md', data: 'x' }], null)).rejects.toThrow(
      OutputError,
    );
    await expect(writeApplication(runDir, record, [{ name: 'job.json', data: '{}' }], null)).rejects.toThrow(
      /distinct names/,
    );
    expect((await listCompleteApplications(runDir)).applications).toEqual([]);
  });
});

describe('partial folders', () => {
  it('a partial folder is never counted, cleanPartials removes it, and a rerun completes the job', async () => {
    const runDir = await tempDir();
    const record = makeRecord(makeListing({ jobId: '9' }));
    const partial = join(runDir, 'acme', 'backend-engineer-9.partial-deadbeef');
    await mkdir(partial, { recursive: true });
    await writeFile(join(partial, 'resume.md'), 'half');
    // A final-named folder without job.json (written by hand, or by an older version) is not done either.
    await mkdir(join(runDir, 'acme', 'backend-engineer-9'), { recursive: true });

    const before = await listCompleteApplications(runDir);
    expect(before.applications).toEqual([]);
    expect(before.skipped.map((s) => s.folder)).toEqual(['acme/backend-engineer-9']);
    expect(await cleanPartials(runDir)).toBe(1);

    const folder = await writeApplication(runDir, record, FILES, null);
    expect(folder).toBe(join(runDir, 'acme', 'backend-engineer-9'));
    expect(await readdir(join(runDir, 'acme'))).toEqual(['backend-engineer-9']);
    expect((await listCompleteApplications(runDir)).applications.map((a) => a.folder)).toEqual([
      'acme/backend-engineer-9',
    ]);
  });

  it('a job.json that is not a valid record does not count', async () => {
    const runDir = await tempDir();
    await mkdir(join(runDir, 'acme', 'x-1'), { recursive: true });
    await writeFile(join(runDir, 'acme', 'x-1', 'job.json'), '{"id": 3}');
    const listed = await listCompleteApplications(runDir);
    expect(listed.applications).toEqual([]);
    expect(listed.skipped[0]?.reason).toMatch(/id/);
  });
});

const CHILD = fileURLToPath(new URL('./fixtures/write-apps.ts', import.meta.url));
const JOBS = 12;

interface Kill {
  /** SIGKILL once this many jobs are done. */
  afterJobs?: number;
  /** Give job i a 96 MB file and SIGKILL as soon as its partial folder appears: a kill mid-write. */
  midWriteOf?: number;
}

/** Runs the writer child, killing it as `kill` says, or to the end when `kill` is null. */
function runWriter(runDir: string, stateFile: string, kill: Kill | null): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      ...(kill?.midWriteOf !== undefined ? { BIG_JOB: String(kill.midWriteOf) } : {}),
    };
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, runDir, stateFile, String(JOBS)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      },
    );
    let watcher: FSWatcher | null = null;
    if (kill?.midWriteOf !== undefined) {
      const partialOf = `engineer-${kill.midWriteOf}-${1000 + kill.midWriteOf}.partial-`;
      // The company's folder only, not the run folder recursively: Node 20's recursive watch on
      // Linux reads each new folder and throws an uncaught ENOENT when a partial folder is gone
      // by then (it failed a CI run so).
      const companyDir = join(runDir, kill.midWriteOf % 2 ? 'acme' : 'globex');
      mkdirSync(companyDir, { recursive: true });
      watcher = watch(companyDir, (_event, name) => {
        if (name?.includes(partialOf)) child.kill('SIGKILL');
      });
    }
    const lines: string[] = [];
    let stderr = '';
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (lines.filter((l) => l.startsWith('done')).length === kill?.afterJobs) child.kill('SIGKILL');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher?.close();
      if (signal === 'SIGKILL' || code === 0) resolve(lines);
      else reject(new Error(`writer exited ${code}: ${stderr}`));
    });
  });
}

describe('a run killed at any moment', () => {
  it('is finished by the next run without duplicates or corrupt folders', async () => {
    const root = await tempDir();
    const runDir = join(root, '2026-11-24T03-22-58Z');
    const stateFile = join(root, 'state.json');
    const cleaned: string[] = [];
    await mkdir(runDir, { recursive: true });
    const kills: Kill[] = [{ afterJobs: 1 }, { afterJobs: 4 }, { midWriteOf: 9 }, { afterJobs: 2 }];
    for (const kill of kills) {
      const lines = await runWriter(runDir, stateFile, kill);
      cleaned.push(...lines.filter((l) => l.startsWith('cleaned')));
      expect(lines).not.toContain('finished');
    }
    const last = await runWriter(runDir, stateFile, null);
    expect(last).toContain('finished');
    // The mid-write kill left a partial folder that the next run cleaned away.
    expect(cleaned.some((line) => line !== 'cleaned 0')).toBe(true);

    const listed = await listCompleteApplications(runDir);
    expect(listed.skipped).toEqual([]);
    const ids = listed.applications.map((a) => a.record.id);
    expect(ids.length).toBe(JOBS);
    expect(new Set(ids).size).toBe(JOBS);
    for (const app of listed.applications) {
      const folder = join(runDir, app.folder);
      expect((await readdir(folder)).sort()).toEqual(
        ['cover-letter.md', 'description.md', 'job.json', 'resume.md', 'resume.pdf'].sort(),
      );
      expect(await readFile(join(folder, 'resume.md'), 'utf8')).toBe(`# Resume for ${app.record.id}\n`);
      expect((await stat(join(folder, 'resume.pdf'))).size).toBe(256 * 1024);
    }
    const companies = await readdir(runDir);
    for (const company of companies) {
      expect((await readdir(join(runDir, company))).filter((n) => n.includes('.partial-'))).toEqual([]);
    }
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    expect(Object.keys(state.handled).sort()).toEqual([...ids].sort());
  });
});

import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import {
  applicationDirName,
  assertInside,
  assertPlainFileName,
  companySlug,
  safeSegment,
} from '../../src/output/paths.js';

const HOSTILE = [
  '../../etc/passwd',
  'a/b\\c',
  'CON',
  'con',
  'Lpt1',
  'x'.repeat(300),
  '🚀🔥💼',
  '',
  '..',
  '.',
  '北京 工程师',
  'Senior C++ Engineer (Remote) — Zürich',
  'name\0with\nnul and newline',
  '   ',
];

const SEGMENT = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('slugs', () => {
  it.each(HOSTILE)('turns %j into one safe, non-empty segment', (input) => {
    for (const slug of [companySlug(input), applicationDirName(input, input)]) {
      expect(slug).toMatch(SEGMENT);
      expect(slug).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
      expect(slug.length).toBeGreaterThan(0);
      expect(slug.length).toBeLessThanOrEqual(121);
    }
  });

  it('keeps readable titles readable and appends the job id', () => {
    expect(applicationDirName('Senior C++ Engineer (Remote) — Zürich', '4012345')).toBe(
      'senior-cpp-engineer-remote-zuerich-4012345',
    );
    expect(companySlug('Acme, Inc.')).toBe('acme-inc');
  });

  it('a UUID job id (Lever, Ashby) gives its first 8 hex digits, not 36 characters', () => {
    // The demo's Lever folder was backend-engineer-f6679b74-c041-42f2-ac36-c4f2af3ebf2b.
    expect(applicationDirName('Backend Engineer', 'f6679b74-c041-42f2-ac36-c4f2af3ebf2b')).toBe(
      'backend-engineer-f6679b74',
    );
    expect(applicationDirName('Backend Engineer', 'F6679B74-C041-42F2-AC36-C4F2AF3EBF2B')).toBe(
      'backend-engineer-f6679b74',
    );
    // Other ids, UUID-like or not, are kept whole.
    expect(applicationDirName('Backend Engineer', 'R4103113')).toBe('backend-engineer-r4103113');
    expect(applicationDirName('Backend Engineer', 'f6679b74-c041')).toBe('backend-engineer-f6679b74-c041');
  });

  it('caps long titles with a hash, so two long titles differing only at the end stay apart', () => {
    const a = safeSegment(`${'platform '.repeat(40)}alpha`, 80, 'job');
    const b = safeSegment(`${'platform '.repeat(40)}beta`, 80, 'job');
    expect(a.length).toBeLessThanOrEqual(80);
    expect(b.length).toBeLessThanOrEqual(80);
    expect(a).not.toBe(b);
    expect(a).toMatch(/-[0-9a-f]{8}$/);
  });

  it('keeps titles that slug to nothing apart by hashing the original', () => {
    expect(companySlug('北京')).not.toBe(companySlug('上海'));
    expect(companySlug('北京')).toMatch(/^company-[0-9a-f]{8}$/);
    expect(companySlug('')).toBe('company');
    expect(companySlug('CON')).not.toBe('con');
  });

  it('every hostile title lands inside the run folder on the real file system', async () => {
    const sandbox = await mkdtemp(join(tmpdir(), 'paths-'));
    dirs.push(sandbox);
    const runDir = join(sandbox, 'run');
    for (const title of HOSTILE) {
      const folder = join(runDir, companySlug(title), applicationDirName(title, title));
      expect(assertInside(runDir, folder)).toBe(resolve(folder));
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'job.json'), '{}');
    }
    const companies = await readdir(runDir);
    expect(companies.length).toBe(new Set(HOSTILE.map(companySlug)).size);
    // Nothing escaped: the run folder's parent holds the run folder alone.
    expect(await readdir(sandbox)).toEqual(['run']);
  });
});

describe('assertInside', () => {
  it('rejects paths that climb out or jump elsewhere', () => {
    expect(() => assertInside('/tmp/run', '/tmp/run/../other')).toThrow(OutputError);
    expect(() => assertInside('/tmp/run', '../x')).toThrow(/outside/);
    expect(() => assertInside('/tmp/run', '/etc/passwd')).toThrow(OutputError);
    expect(() => assertInside('/tmp/run', '/tmp/run-other/x')).toThrow(OutputError);
    expect(assertInside('/tmp/run', 'a/b')).toBe('/tmp/run/a/b');
    expect(assertInside('/tmp/run', '/tmp/run/a/..b')).toBe('/tmp/run/a/..b');
  });

  it('accepts only plain file names for rendered files', () => {
    expect(assertPlainFileName('resume.pdf')).toBe('resume.pdf');
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', '../x.md']) {
      expect(() => assertPlainFileName(bad)).toThrow(OutputError);
    }
  });
});

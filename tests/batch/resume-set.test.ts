import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherResumes, planResumes, RESUMES_PREFIX } from '../../src/batch/resume-set.js';
import { UsageError } from '../../src/errors.js';
import { MemoryStore } from '../../src/infra/storage/memory-store.js';
import { makeZip } from '../helpers/hostile-files.js';

const fixture = (name: string): string => path.join(import.meta.dirname, '../profile/fixtures', name);

describe('the resume set', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jm-set-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gathers a folder recursively, lists what it passes over, and plans one item per content', async () => {
    const root = path.join(dir, 'folder');
    await mkdir(path.join(root, 'team-a', 'deep'), { recursive: true });
    const pdf = await readFile(fixture('maya-okafor.pdf'));
    await writeFile(path.join(root, 'maya.pdf'), pdf);
    await writeFile(path.join(root, 'team-a', 'deep', 'maya-copy.pdf'), pdf);
    await writeFile(path.join(root, 'team-a', 'jordan.md'), await readFile(fixture('jordan-rivera.md')));
    await writeFile(path.join(root, 'team-a', 'notes.doc'), 'old word');
    await writeFile(path.join(root, 'empty.txt'), '');
    await writeFile(path.join(root, '.DS_Store'), 'x');
    await writeFile(path.join(root, 'huge.txt'), Buffer.alloc(21 * 1024 * 1024, 'a'));

    const store = new MemoryStore();
    const gathered = await gatherResumes(root, store);
    expect(gathered.map((s) => s.file).sort()).toEqual(['empty.txt', 'huge.txt', 'team-a/notes.doc']);
    expect(gathered.find((s) => s.file === 'huge.txt')!.reason).toMatch(/^oversized \(21\.0 MB/);
    expect(gathered.find((s) => s.file === 'empty.txt')!.reason).toBe('empty file');
    expect(gathered.find((s) => s.file === 'team-a/notes.doc')!.reason).toMatch(
      /not a resume format \(\.doc\)/,
    );

    const { resumes, skipped } = await planResumes(store);
    expect(resumes.map((r) => r.file)).toEqual(['maya.pdf', 'team-a/jordan.md']);
    expect(resumes[0]!.duplicates).toEqual(['team-a/deep/maya-copy.pdf']);
    expect(resumes[0]!.name).toBe(`${RESUMES_PREFIX}maya.pdf`);
    expect(skipped).toEqual([
      { file: 'team-a/deep/maya-copy.pdf', reason: 'duplicate: same content as maya.pdf, screened once' },
    ]);
  });

  it('unpacks a zip, refusing entries that climb out, absolute names and bombs, entry by entry', async () => {
    const md = await readFile(fixture('maya-okafor.md'));
    const zipped = await makeZip(
      [
        ['cv/maya.md', md],
        ['xx/evil.md', Buffer.from('# evil\n')],
        ['Xabs/evil.md', Buffer.from('# abs\n')],
        ['bomb.txt', Buffer.alloc(8 * 1024 * 1024, 0)],
        ['__MACOSX/._maya.md', Buffer.from('meta')],
      ],
      [
        ['xx/evil.md', '../evil.md'],
        ['Xabs/evil.md', '/abs/evil.md'],
      ],
    );
    const file = path.join(dir, 'set.zip');
    await writeFile(file, zipped);
    const store = new MemoryStore();
    const skipped = await gatherResumes(file, store);
    expect(skipped).toEqual([
      { file: '../evil.md', reason: 'refused: a path that climbs out of the zip (../)' },
      { file: '/abs/evil.md', reason: 'refused: an absolute path' },
      { file: 'bomb.txt', reason: expect.stringMatching(/^refused: expands \d+x \(more than 200x/) },
    ]);
    expect((await store.list()).map((e) => e.name)).toEqual([`${RESUMES_PREFIX}cv/maya.md`]);
    expect((await store.read(`${RESUMES_PREFIX}cv/maya.md`))!.equals(md)).toBe(true);
  });

  it('refuses a zip that expands beyond the total cap, and a file that is not a zip', async () => {
    const file = path.join(dir, 'big.zip');
    await writeFile(
      file,
      await makeZip([
        ['a.txt', Buffer.alloc(4000, 'a')],
        ['b.txt', Buffer.alloc(4000, 'b')],
      ]),
    );
    await expect(
      gatherResumes(file, new MemoryStore(), { maxTotalBytes: 6000, maxRatio: 10_000 }),
    ).rejects.toThrow(/expands to more than 6000 bytes/);
    const fake = path.join(dir, 'fake.zip');
    await writeFile(fake, 'not a zip');
    await expect(gatherResumes(fake, new MemoryStore())).rejects.toBeInstanceOf(UsageError);
    await expect(gatherResumes(path.join(dir, 'missing'), new MemoryStore())).rejects.toThrow(
      /--resumes .*: not found/,
    );
  });
});

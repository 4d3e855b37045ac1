import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutputError } from '../../../src/errors.js';
import { DirStore } from '../../../src/infra/storage/dir-store.js';

describe('DirStore', () => {
  let root: string;
  let store: DirStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dir-store-'));
    store = new DirStore(path.join(root, 'task'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes, reads back and lists files below its folder, nested names included', async () => {
    await store.write('ranking.csv', 'rank,id\n1,a\n');
    await store.write('candidates/a.json', new Uint8Array([123, 125]));
    expect((await store.read('ranking.csv'))?.toString()).toBe('rank,id\n1,a\n');
    expect(await store.read('missing.txt')).toBeNull();
    expect(await store.list()).toEqual([
      { name: 'candidates/a.json', size: 2 },
      { name: 'ranking.csv', size: 12 },
    ]);
    expect(await store.list('candidates/')).toEqual([{ name: 'candidates/a.json', size: 2 }]);
  });

  it("removes the temporaries of a writer that is gone, never a live one's", async () => {
    // A real process that has exited: its pid names a writer that is gone.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    await store.write('alice/resume.docx', 'done');
    await mkdir(path.join(root, 'task', 'alice'), { recursive: true });
    const dead = `profile.json.tmp-${deadPid}-0a1b2c3d`;
    const mine = `cover.md.tmp-${process.pid}-deadbeef`;
    const live = `notes.md.tmp-${process.ppid}-01020304`;
    for (const name of [dead, mine, live]) await writeFile(path.join(root, 'task', 'alice', name), 'partial');

    await store.removeStaleTemps();
    expect((await readdir(path.join(root, 'task', 'alice'))).sort()).toEqual(
      [mine, live, 'resume.docx'].sort(),
    );
    expect(await store.list()).toEqual([{ name: 'alice/resume.docx', size: 4 }]);
  });

  it('writeOnce writes the first time only and leaves no temporary behind', async () => {
    expect(await store.writeOnce('items/1.json', 'first')).toBe(true);
    expect(await store.writeOnce('items/1.json', 'second')).toBe(false);
    expect((await store.read('items/1.json'))?.toString()).toBe('first');
    expect(await readdir(path.join(root, 'task', 'items'))).toEqual(['1.json']);
  });

  it('writeOnce from many writers at once: exactly one wins', async () => {
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.writeOnce('x.json', `w${i}`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it.each(['../escape.txt', '/etc/passwd', 'a/../../b', 'nul\0byte', 'back\\slash', '', 'a//b'])(
    'refuses the name %j',
    async (name) => {
      await expect(store.write(name, 'x')).rejects.toBeInstanceOf(OutputError);
      await expect(store.read(name)).rejects.toBeInstanceOf(OutputError);
      expect(await readdir(root)).toEqual([]);
    },
  );
});

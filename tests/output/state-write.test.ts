import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTextAtomically } from '../../src/output/state-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeTextAtomically', () => {
  it('lands writes to one file in the order they were asked for, leaving no temporaries', async () => {
    const file = path.join(dir, 'summary.md');
    // Sizes that shrink, so a late rename of an early write would show as a longer file.
    const texts = Array.from({ length: 30 }, (_, i) => `${'x'.repeat((30 - i) * 1000)} write ${i}\n`);
    await Promise.all(texts.map((text, i) => writeTextAtomically(file, text, { sync: i % 2 === 0 })));
    expect(await readFile(file, 'utf8')).toBe(texts.at(-1));
    expect(await readdir(dir)).toEqual(['summary.md']);
  });

  it('fails where the folder cannot take the file, keeps what was there and goes on after', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where a folder should be');
    await expect(writeTextAtomically(path.join(blocker, 'run.json'), '{}')).rejects.toThrow(/ENOTDIR/);
    const file = path.join(dir, 'run.json');
    await writeTextAtomically(file, 'first');
    const failing = writeTextAtomically(path.join(dir, 'missing', 'run.json'), 'lost');
    await expect(failing).rejects.toThrow(/ENOENT/);
    await writeTextAtomically(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect((await readdir(dir)).sort()).toEqual(['not-a-folder', 'run.json']);
  });
});

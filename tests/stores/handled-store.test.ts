import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { handledFile, openHandledStore } from '../../src/stores/handled-store.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'handled-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const at = () => new Date('2026-11-24T03:30:00.000Z');

describe('openHandledStore', () => {
  it('creates parent folders and starts empty; handled jobs persist at once, in under 100 bytes each', async () => {
    const file = join(await tempDir(), 'deep', 'er', 'handled-dana.json');
    const store = await openHandledStore(file, at);
    expect(store.isHandled('greenhouse:acme:1')).toBe(false);
    await store.markHandled('greenhouse:acme:1', '2026-11-24T03-22-58Z-3f9a1c');
    // Read back from disk before close: a kill right now would lose nothing.
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.handled['greenhouse:acme:1']).toEqual({
      runId: '2026-11-24T03-22-58Z-3f9a1c',
      at: '2026-11-24T03:30:00.000Z',
    });
    const empty = (await readFile(file, 'utf8')).length;
    for (let i = 2; i <= 101; i++) await store.markHandled(`greenhouse:acme:${4_000_000 + i}`, 'r');
    await store.markHandled('greenhouse:acme:1', '2026-11-24T03-22-58Z-3f9a1c');
    expect(((await readFile(file, 'utf8')).length - empty) / 100).toBeLessThan(100);
    await store.close();

    const again = await openHandledStore(file, at);
    expect(again.isHandled('greenhouse:acme:1')).toBe(true);
    await again.close();
  });

  it('one file per candidate beside the board store', () => {
    expect(handledFile('/x/out/state.json', 'dana')).toBe('/x/out/handled-dana.json');
  });

  it('a second open of the same file fails clearly until the first is closed; other candidates go on', async () => {
    const dir = await tempDir();
    const file = join(dir, 'handled-dana.json');
    const first = await openHandledStore(file);
    const error = await openHandledStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain(`another run holds the lock on ${file}`);
    const other = await openHandledStore(join(dir, 'handled-sam.json'));
    await other.close();
    await first.close();
    await first.close();
    const second = await openHandledStore(file);
    await second.close();
    expect((await readdir(dir)).sort()).toEqual(['handled-dana.json', 'handled-sam.json']);
  });

  it('a lock held by another live process is respected, and taken over once it is gone', async () => {
    const file = join(await tempDir(), 'handled-dana.json');
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${new URL('../../src/stores/handled-store.ts', import.meta.url).pathname}').then(async (m) => { await m.openHandledStore(${JSON.stringify(file)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      await expect(openHandledStore(file)).rejects.toThrow(/another run holds the lock/);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const store = await openHandledStore(file);
    await store.close();
  });

  it('removes the temporaries a run killed mid-write left beside the file, and nothing else', async () => {
    const dir = await tempDir();
    const file = join(dir, 'handled-dana.json');
    await writeFile(join(dir, 'handled-dana.json.4242.7.tmp'), '{"version": 2, "hand');
    await writeFile(join(dir, 'other.json.4242.7.tmp'), 'kept');
    const store = await openHandledStore(file, at);
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['handled-dana.json', 'other.json.4242.7.tmp']);
  });

  it('a corrupt file is an OutputError naming it and the way out, and is kept as it was', async () => {
    const file = join(await tempDir(), 'handled-dana.json');
    await writeFile(file, '{"version": 2, "handled": ');
    const error = await openHandledStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).toContain(`${file}.bad`);
    expect(await readFile(file, 'utf8')).toBe('{"version": 2, "handled": ');
    await writeFile(file, JSON.stringify({ version: 2, handled: { a: { runId: 3 } } }));
    await expect(openHandledStore(file)).rejects.toThrow(/handled\.a\.runId/);
    // The failed opens released their lock.
    await writeFile(file, JSON.stringify({ version: 2, handled: {} }));
    const store = await openHandledStore(file);
    await store.close();
  });
});

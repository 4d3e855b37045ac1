import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { openState } from '../../src/output/state.js';
import { makeListing } from './fixtures/records.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'state-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const at = () => new Date('2026-11-24T03:30:00.000Z');

describe('openState', () => {
  it('creates parent folders and starts empty; handled jobs persist at once', async () => {
    const file = join(await tempDir(), 'deep', 'er', 'state.json');
    const state = await openState(file, at);
    expect(state.isHandled('greenhouse:acme:1')).toBe(false);
    await state.markHandled('greenhouse:acme:1', {
      runId: 'r1',
      folder: 'acme/x-1',
      company: 'Acme',
      title: 'X',
    });
    // Read back from disk before close: a kill right now would lose nothing.
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.handled['greenhouse:acme:1']).toEqual({
      runId: 'r1',
      folder: 'acme/x-1',
      company: 'Acme',
      title: 'X',
      at: '2026-11-24T03:30:00.000Z',
    });
    await state.close();

    const again = await openState(file, at);
    expect(again.isHandled('greenhouse:acme:1')).toBe(true);
    expect(again.handled('greenhouse:acme:1')?.folder).toBe('acme/x-1');
    await again.forget('greenhouse:acme:1');
    expect(again.isHandled('greenhouse:acme:1')).toBe(false);
    await again.close();
    expect(JSON.parse(await readFile(file, 'utf8')).handled).toEqual({});
  });

  it('a second open of the same file fails clearly until the first is closed', async () => {
    const file = join(await tempDir(), 'state.json');
    const first = await openState(file);
    const error = await openState(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain(`another run holds the lock on ${file}`);
    expect((error as Error).message).toContain('wait for it or remove the stale lock');
    await first.close();
    await first.close();
    const second = await openState(file);
    await second.close();
    expect(await readdir(join(file, '..'))).toEqual(['state.json']);
  });

  it('a lock held by another live process is respected', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${new URL('../../src/output/state.ts', import.meta.url).pathname}').then(async (m) => { await m.openState(${JSON.stringify(file)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      await expect(openState(file)).rejects.toThrow(/another run holds the lock/);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // Its process is gone now: the lock it left is taken over without waiting for staleness.
    const state = await openState(file);
    await state.close();
  });

  it('removes the temporaries a run killed mid-write left beside the file, and nothing else', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await writeFile(join(dir, 'state.json.4242.7.tmp'), '{"version": 1, "hand');
    await writeFile(join(dir, 'state.json.bak'), 'kept');
    await writeFile(join(dir, 'other.json.4242.7.tmp'), 'kept');
    const state = await openState(file, at);
    await state.close();
    expect((await readdir(dir)).sort()).toEqual(['other.json.4242.7.tmp', 'state.json', 'state.json.bak']);
  });

  it('a corrupt state file is an OutputError naming it and the way out, and is kept as it was', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await writeFile(file, '{"version": 1, "handled": ');
    const error = await openState(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).toContain(`${file}.bad`);
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "handled": ');

    await writeFile(
      file,
      JSON.stringify({ version: 1, handled: { a: { runId: 3 } }, boards: {}, closed: {} }),
    );
    await expect(openState(file)).rejects.toThrow(/handled\.a\.runId/);
    // The failed opens released their lock.
    await writeFile(file, JSON.stringify({ version: 1, handled: {}, boards: {}, closed: {} }));
    const state = await openState(file);
    await state.close();
  });
});

describe('boards and closed jobs', () => {
  it('remembers validators and listings, and reports jobs that disappeared as closed', async () => {
    const file = join(await tempDir(), 'state.json');
    const one = makeListing({ jobId: '1', title: 'Backend Engineer' });
    const two = makeListing({ jobId: '2', title: 'Data Engineer' });
    const three = makeListing({ jobId: '3', title: 'SRE' });
    const state = await openState(file, at);
    expect(state.board('greenhouse:acme')).toBeUndefined();
    expect(
      (await state.recordBoard('greenhouse:acme', { validators: { etag: '"v1"' }, listings: [one, two] }))
        .closed,
    ).toEqual([]);
    await state.close();

    const next = await openState(file, at);
    expect(next.board('greenhouse:acme')).toEqual({
      validators: { etag: '"v1"' },
      listings: [one, two],
      lastCount: 2,
    });
    const { closed } = await next.recordBoard('greenhouse:acme', {
      validators: { etag: '"v2"' },
      listings: [one, three],
    });
    expect(closed.map((l) => l.id)).toEqual([two.id]);
    expect(next.closedJobs()).toEqual([
      {
        id: two.id,
        company: 'Acme',
        title: 'Data Engineer',
        url: two.url,
        closedAt: '2026-11-24T03:30:00.000Z',
      },
    ]);
    // A posting that comes back is open again.
    await next.recordBoard('greenhouse:acme', { listings: [one, two, three] });
    expect(next.closedJobs()).toEqual([]);
    expect(next.board('greenhouse:acme')?.validators).toBeUndefined();
    await next.close();
  });
});

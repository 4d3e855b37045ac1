import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBoardStore } from '../../src/stores/board-store.js';
import { makeListing } from '../output/fixtures/records.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'boards-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const at = () => new Date('2026-11-24T03:30:00.000Z');

describe('the board store', () => {
  it('remembers validators and listings, and reports jobs that disappeared as closed', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const cache = join(dir, '.cache');
    const one = makeListing({ jobId: '1', title: 'Backend Engineer' });
    const two = makeListing({ jobId: '2', title: 'Data Engineer' });
    const three = makeListing({ jobId: '3', title: 'SRE' });
    const store = await openBoardStore(file, cache, at);
    expect(await store.previous('acme')).toBeUndefined();
    expect(
      (await store.record('acme', { validators: { etag: '"v1"' }, listings: [one, two] })).closed,
    ).toEqual([]);
    await store.flush();

    const next = await openBoardStore(file, cache, at);
    expect(await next.validators('acme')).toEqual({ etag: '"v1"' });
    expect(await next.previous('acme')).toEqual({
      validators: { etag: '"v1"' },
      listings: [one, two],
      count: 2,
    });
    const { closed } = await next.record('acme', { validators: { etag: '"v2"' }, listings: [one, three] });
    expect(closed.map((l) => l.id)).toEqual([two.id]);
    await next.flush();
  });

  it('keeps under 1 KB a board in the state however many jobs it lists; the listings are a cache', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const store = await openBoardStore(file, join(dir, '.cache'), at);
    const many = Array.from({ length: 500 }, (_, i) => ({
      ...makeListing({ jobId: String(i), title: `Engineer ${i}` }),
      description: { format: 'html' as const, content: '<p>long text</p>'.repeat(200) },
    }));
    for (let b = 0; b < 10; b++)
      await store.record(`board-${b}`, {
        validators: { etag: `"e${b}"`, contentHash: 'a'.repeat(64) },
        listings: many,
      });
    await store.flush();
    expect((await readFile(file, 'utf8')).length / 10).toBeLessThan(1024);
  });

  it('without its snapshot a board sends no validators (a 304 would have nothing to reuse)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const store = await openBoardStore(file, join(dir, '.cache'), at);
    await store.record('acme', { validators: { etag: '"v1"' }, listings: [makeListing({ jobId: '1' })] });
    await store.flush();
    const elsewhere = await openBoardStore(file, join(dir, 'other-cache'), at);
    expect(await elsewhere.previous('acme')).toEqual({ listings: [], count: 1 });
    expect(await elsewhere.validators('acme')).toBeUndefined();
  });

  it("two runs on one state file keep each other's boards", async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const cache = join(dir, '.cache');
    const a = await openBoardStore(file, cache, at);
    const b = await openBoardStore(file, cache, at);
    await a.record('acme', { listings: [makeListing({ jobId: '1' })] });
    await b.record('globex', { listings: [makeListing({ jobId: '2', company: 'Globex' })] });
    await Promise.all([a.flush(), b.flush()]);
    const boards = JSON.parse(await readFile(file, 'utf8')).boards;
    expect(Object.keys(boards).sort()).toEqual(['acme', 'globex']);
  });

  it('reads a state of the old format once: its handled jobs seed the one candidate', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        handled: { 'greenhouse:acme:1': { runId: 'r1', folder: 'f', company: 'Acme', title: 'X', at: 't' } },
        boards: { acme: { listings: [], lastCount: 4, at: 't' } },
        closed: {},
      }),
    );
    const store = await openBoardStore(file, join(dir, '.cache'), at);
    expect(store.legacyHandled).toEqual({ 'greenhouse:acme:1': { runId: 'r1', at: 't' } });
    expect(await store.previous('acme')).toEqual({ listings: [], count: 4 });
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(2);
  });
  it('writes no snapshot again for a board whose listings are the ones it already holds', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const cache = join(dir, '.cache');
    const first = await openBoardStore(file, cache, at);
    await first.record('acme', { validators: { etag: '"v1"' }, listings: [makeListing({ jobId: '1' })] });
    await first.flush();
    // The folder's snapshots; its owner marker (.state, snapshot-prune.ts) is not one.
    const snapshots = async () => (await readdir(join(cache, 'boards'))).filter((n) => !n.startsWith('.'));
    const [name] = await snapshots();
    const inode = (await stat(join(cache, 'boards', name!))).ino;

    const next = await openBoardStore(file, cache, at);
    const before = await next.previous('acme');
    // A 304 (or the same content hash): the run reuses the listings it was given back.
    await next.record('acme', { validators: { etag: '"v1"' }, listings: before!.listings });
    await next.flush();
    expect(await snapshots()).toEqual([name]);
    expect((await stat(join(cache, 'boards', name!))).ino).toBe(inode);

    const third = await openBoardStore(file, cache, at);
    expect(await third.previous('acme')).toEqual({
      validators: { etag: '"v1"' },
      listings: before!.listings,
      count: 1,
    });
  });
});

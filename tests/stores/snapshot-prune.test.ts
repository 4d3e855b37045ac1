import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBoardStore } from '../../src/stores/board-store.js';
import { ORPHAN_SNAPSHOT_AGE_MS, OWNER_FILE } from '../../src/stores/snapshot-prune.js';
import { makeListing } from '../output/fixtures/records.js';

/** The snapshots folder only holds what the saved state refers to, and work still in progress. */
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const NOW = new Date('2026-12-02T03:30:00.000Z');
const at = () => NOW;

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'snapshot-prune-'));
  dirs.push(dir);
  const file = join(dir, 'state.json');
  const cache = join(dir, '.cache');
  const folder = join(cache, 'boards');
  return { file, cache, folder, open: () => openBoardStore(file, cache, at) };
}

const snapshots = async (folder: string) => (await readdir(folder)).filter((n) => !n.startsWith('.'));
const listing = (jobId: string, company = 'Acme') =>
  makeListing({ jobId, title: `Engineer ${jobId}`, company });

describe('board snapshots no state refers to', () => {
  it('the one a changed board replaced is removed when the state is saved', async () => {
    const s = await setup();
    const first = await s.open();
    await first.record('acme', { validators: { etag: '"v1"' }, listings: [listing('1')] });
    await first.flush();
    const [old] = await snapshots(s.folder);

    const second = await s.open();
    await second.record('acme', { validators: { etag: '"v2"' }, listings: [listing('1'), listing('2')] });
    await second.flush();
    const now = await snapshots(s.folder);
    expect(now).toHaveLength(1);
    expect(now).not.toContain(old);
    expect((await (await s.open()).previous('acme'))?.listings.map((l) => l.jobId)).toEqual(['1', '2']);
  });

  it('is kept while another board still refers to it (the same listings, one snapshot)', async () => {
    const s = await setup();
    const same = [listing('1')];
    const first = await s.open();
    await first.record('acme', { validators: { etag: '"a"' }, listings: same });
    await first.record('acme-eu', { validators: { etag: '"b"' }, listings: same });
    await first.flush();
    const [shared] = await snapshots(s.folder);

    const second = await s.open();
    await second.record('acme', { validators: { etag: '"a2"' }, listings: [listing('3')] });
    await second.flush();
    expect(await readdir(s.folder)).toContain(shared);
    expect((await (await s.open()).previous('acme-eu'))?.listings).toEqual(same);
  });

  it('a cache shared by several states (serve: one per user) is pruned by none of them', async () => {
    const s = await setup();
    const same = [listing('1')];
    const alice = await s.open();
    await alice.record('acme', { validators: { etag: '"a"' }, listings: same });
    await alice.flush();
    // Bob's state, on the same cache: his board has the same listings, so the same snapshot.
    const bob = await openBoardStore(join(s.cache, '..', 'bob-state.json'), s.cache, at);
    await bob.record('acme', { validators: { etag: '"a"' }, listings: same });
    await bob.flush();
    const [shared] = await snapshots(s.folder);

    const aliceAgain = await s.open();
    await aliceAgain.record('acme', { validators: { etag: '"a2"' }, listings: [listing('2')] });
    await aliceAgain.flush();
    expect(await readdir(s.folder)).toContain(shared);
    const bobAgain = await openBoardStore(join(s.cache, '..', 'bob-state.json'), s.cache, at);
    expect((await bobAgain.previous('acme'))?.listings).toEqual(same);
    expect((await readFile(join(s.folder, OWNER_FILE), 'utf8')).trim()).toBe('shared');
  });

  it("a leftover past a week goes; a fresh one (another run's unsaved work) stays", async () => {
    const s = await setup();
    const store = await s.open();
    await store.record('acme', { listings: [listing('1')] });
    await store.flush();
    const stale = join(s.folder, `${'a'.repeat(24)}.json`);
    const torn = join(s.folder, `${'b'.repeat(24)}.json.4242.1.tmp`);
    const fresh = join(s.folder, `${'c'.repeat(24)}.json`);
    for (const f of [stale, torn, fresh]) await writeFile(f, '{"listings":[]}');
    const weekAgo = new Date(NOW.getTime() - ORPHAN_SNAPSHOT_AGE_MS - 60_000);
    await utimes(stale, weekAgo, weekAgo);
    await utimes(torn, weekAgo, weekAgo);
    await utimes(fresh, NOW, NOW);

    const next = await s.open();
    await next.record('globex', { listings: [listing('2', 'Globex')] });
    await next.flush();
    const left = await readdir(s.folder);
    expect(left).toContain(`${'c'.repeat(24)}.json`);
    expect(left).not.toContain(`${'a'.repeat(24)}.json`);
    expect(left.some((n) => n.endsWith('.tmp'))).toBe(false);
    expect(left.filter((n) => !n.startsWith('.'))).toHaveLength(3);
    expect(left).toContain(OWNER_FILE);
  });
});

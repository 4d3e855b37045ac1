import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openHandledStore } from '../../src/stores/handled-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

// A run holds the lock for minutes: the lock must survive its own heartbeats (proper-lockfile
// refreshes it every 5 s and declares it lost if anything else touched it in between).
it('keeps the lock across heartbeats for a run that lasts longer than one refresh', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jm-lock-'));
  dirs.push(dir);
  const state = await openHandledStore(join(dir, 'handled-default.json'));
  try {
    await new Promise((resolve) => setTimeout(resolve, 11_500));
    await state.markHandled('greenhouse:acme:1', 'r');
    expect(state.isHandled('greenhouse:acme:1')).toBe(true);
  } finally {
    await state.close();
  }
  const again = await openHandledStore(join(dir, 'handled-default.json'));
  expect(again.isHandled('greenhouse:acme:1')).toBe(true);
  await again.close();
}, 30_000);

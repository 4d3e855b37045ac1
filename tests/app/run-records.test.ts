import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findKilledRun,
  newRunId,
  RUN_ID_PATTERN,
  readRunRecord,
  startRecord,
  writeRunRecord,
} from '../../src/app/run-records.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A process that lives until killed: the owner of a "running" record. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  const pid = child.pid!;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('run ids', () => {
  it('are sortable by time, unique by a random part, and safe as folder names', () => {
    const a = newRunId(new Date('2026-11-24T03:22:58.123Z'));
    const b = newRunId(new Date('2026-11-24T03:22:58.123Z'));
    expect(a).toMatch(/^2026-11-24T03-22-58\.123Z-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
    const later = newRunId(new Date('2026-11-24T10:00:00.000Z'));
    expect([later, a].sort()).toEqual([a, later]);
    // In the same second (a run and its rerun), whatever the random parts.
    const first = newRunId(new Date('2026-11-24T03:22:58.100Z'), 'ffffff');
    const second = newRunId(new Date('2026-11-24T03:22:58.900Z'), '000000');
    expect([second, first].sort()).toEqual([first, second]);
    expect(RUN_ID_PATTERN.test('2026-11-24T03-22-58Z-3f9a1c')).toBe(true);
    expect(a).not.toMatch(/[:/\\]/);
    expect(RUN_ID_PATTERN.test(a)).toBe(true);
  });
});

describe('run records', () => {
  it('a killed run is found from its record; a live, finished or other run is not taken over', async () => {
    const root = await mkdtemp(join(tmpdir(), 'jm-records-'));
    dirs.push(root);
    const now = new Date('2026-11-24T03:00:00Z');
    const killed = newRunId(new Date('2026-11-24T01:00:00Z'));
    const live = newRunId(new Date('2026-11-24T02:00:00Z'));
    const done = newRunId(new Date('2026-11-24T02:30:00Z'));
    const otherScope = newRunId(new Date('2026-11-24T02:45:00Z'));
    const dead = await deadPid();
    await writeRunRecord(join(root, killed), {
      ...startRecord(killed, 'match', ['dana'], now),
      owner: { pid: dead, host: startRecord(killed, 'match', [], now).owner.host },
    });
    // This process is alive: its run is never continued by another.
    const mine = startRecord(live, 'match', ['dana'], now);
    await writeRunRecord(join(root, live), { ...mine, owner: { ...mine.owner, pid: process.ppid } });
    await writeRunRecord(join(root, done), {
      ...startRecord(done, 'match', ['dana'], now),
      state: 'succeeded',
      owner: { pid: dead, host: mine.owner.host },
    });
    await writeRunRecord(join(root, otherScope), {
      ...startRecord(otherScope, 'match', ['sam'], now),
      owner: { pid: dead, host: mine.owner.host },
    });
    expect(await findKilledRun(root, 'match', ['dana'])).toBe(killed);
    expect(await findKilledRun(root, 'match', ['sam'])).toBe(otherScope);
    expect(await findKilledRun(root, 'match', ['dana', 'sam'])).toBeNull();
    expect((await readRunRecord(join(root, killed)))?.state).toBe('running');
    expect(await findKilledRun(join(root, 'missing'), 'match', [])).toBeNull();
  });
});

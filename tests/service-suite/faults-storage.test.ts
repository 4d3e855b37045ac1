import { rename, rm, writeFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/server/task-view.js';
import { readZip } from '../e2e/harness/zip.js';
import { expectWholeScreening } from './faults-check.js';
import {
  isTerminal,
  type SuiteService,
  screeningForm,
  submitScreening,
  useFaultsRig,
} from './faults-harness.js';
import { recordFigures } from './figures.js';

/**
 * Rows: where results are kept stops taking writes. Embedded: the data folder is replaced by a
 * file (chmod would not stop root; a full tmpfs needs mount rights). Redis: maxmemory below what it
 * holds, so it refuses every write with OOM. New tasks are refused with 507 problem+json and
 * Retry-After, /readyz says why, nothing is queued, no task is served as done with files missing;
 * once writable again, work is taken and finished.
 */
describe('faults: the output disk or the database unwritable', () => {
  const rig = useFaultsRig();

  /** A submission while unwritable: 507, the reason, Retry-After; and /readyz's reason. */
  async function expectRefused(s: SuiteService, reason: RegExp) {
    const res = await s.call('/api/screenings', {
      method: 'POST',
      body: screeningForm(3),
      headers: { prefer: 'respond-async' },
    });
    expect(res.status).toBe(507);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = (await res.json()) as { detail: string; code: string };
    expect(problem.code).toBe('STORAGE_UNWRITABLE');
    expect(problem.detail).toMatch(reason);
    const ready = await s.call('/readyz');
    expect(ready.status).toBe(503);
    return { problem: problem.detail, ready: ((await ready.json()) as { detail: string }).detail };
  }

  const listIds = async (s: SuiteService) =>
    ((await (await s.call('/api/tasks?limit=100')).json()) as { tasks: TaskView[] }).tasks.map((t) => t.id);

  it('memory backend: the data folder replaced by a file', { timeout: 150_000 }, async () => {
    const { svc } = await rig.start('memory', { latencyMs: 20 });
    const running = await submitScreening(svc, 40);
    await svc.waitStatus(running, (t) => t.progress.done >= 3 || isTerminal(t));

    const away = `${svc.dataDir}.away`;
    await rename(svc.dataDir, away);
    // A running item may make the folder again between the two steps (its writes create their
    // folders): take that one away too until the file is in place.
    for (;;) {
      try {
        await writeFile(svc.dataDir, 'not a folder');
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
        await rm(svc.dataDir, { recursive: true, force: true });
      }
    }
    const refused = await expectRefused(svc, /the folder .*jm-faults-.* cannot be written: (ENOTDIR|EEXIST)/);
    expect(refused.ready).toContain(`data folder ${svc.dataDir}`);
    // The task in flight could not write its files: it ends failed and says why, never succeeded.
    const broken = await svc.waitStatus(running, isTerminal);
    expect(broken.state).toBe('failed');
    expect(broken.error).toContain('cannot be written');
    expect(await listIds(svc)).toEqual([running]);

    await rm(svc.dataDir);
    await rename(away, svc.dataDir);
    expect((await svc.call('/readyz')).status).toBe(200);
    // What it did write is whole; no report claims the resumes it never screened.
    const zip = readZip(
      Buffer.from(await (await svc.call(`/api/tasks/${running}/download.zip`)).arrayBuffer()),
    );
    expect(zip.map((e) => e.name)).not.toContain('ranking.json');
    for (const e of zip.filter((f) => f.name.endsWith('.json'))) JSON.parse(e.data.toString('utf8'));
    const after = await submitScreening(svc, 10);
    await expectWholeScreening(svc, await svc.waitTask(after, isTerminal), 10);
    recordFigures(expect.getState().currentTestName ?? '', {
      'done before': broken.progress.done,
      'failed (unwritable)': broken.progress.failed,
      'files kept': zip.length,
    });
  });

  it('redis backend: Redis at maxmemory refuses writes (OOM)', { timeout: 150_000 }, async () => {
    const { svc, redis } = await rig.start('redis', { latencyMs: 20 });
    const admin = new Redis(redis!.url);
    try {
      await admin.config('SET', 'maxmemory', '1');
      const refused = await expectRefused(svc, /Redis at redis:\/\/127\.0\.0\.1:\d+ cannot be written: OOM/);
      expect(refused.ready).toMatch(/queue: Redis at .* cannot be written: OOM/);
      expect(await listIds(svc)).toEqual([]);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      admin.disconnect();
    }
    expect((await svc.call('/readyz')).status).toBe(200);
    const after = await submitScreening(svc, 10);
    await expectWholeScreening(svc, await svc.waitTask(after, isTerminal), 10);
    recordFigures(expect.getState().currentTestName ?? '', { 'refused with': 507 });
  });
});

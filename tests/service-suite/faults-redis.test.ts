import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/server/task-view.js';
import { expectWholeScreening } from './faults-check.js';
import { isTerminal, screeningForm, sleep, submitScreening, useFaultsRig } from './faults-harness.js';
import { recordFigures } from './figures.js';

const SIZES = [100, 30, 30];
const OUTAGE_MS = 3_000;

/**
 * Row: Redis (append-only file on, tests/helpers/redis.ts) stopped and started again while a
 * worker runs three accepted screenings. Every accepted task finishes whole; what is submitted
 * while Redis is away gets 503 with Retry-After (problem+json) and leaves nothing behind.
 */
describe('faults: Redis restarted mid-task', () => {
  const rig = useFaultsRig();

  it('redis backend: nothing accepted is lost; submissions during the outage get 503 with Retry-After', {
    timeout: 180_000,
  }, async () => {
    const { svc, redis: started } = await rig.start('redis', { latencyMs: 10 });
    const redis = started!;
    const ids: string[] = [];
    for (const size of SIZES) ids.push(await submitScreening(svc, size));
    const first = ids[0] as string;
    await svc.waitStatus(first, (t) => t.progress.done >= 10 || isTerminal(t));
    const before = await svc.status(first);
    expect(before.state).toBe('running');

    await redis.stopServer();
    const refused: Response[] = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      refused.push(
        await svc.call('/api/screenings', {
          method: 'POST',
          body: screeningForm(3),
          headers: { prefer: 'respond-async' },
        }),
      );
      await sleep(300);
    }
    const status = await svc.call(`/api/tasks/${first}`);
    const ready = await svc.call('/readyz');
    await redis.start();

    for (const res of refused) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { detail: string };
      expect(problem.detail).toMatch(/the task queue is unavailable: Redis at redis:\/\/127\.0\.0\.1:\d+/);
    }
    expect(status.status).toBe(503);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { detail: string }).detail).toContain('queue: Redis at');

    const tasks: TaskView[] = [];
    for (const [n, id] of ids.entries()) {
      const task = await svc.waitTask(id, isTerminal);
      await expectWholeScreening(svc, task, SIZES[n] as number);
      tasks.push(task);
    }
    // The refused submissions left no task behind.
    const list = (await (await svc.call('/api/tasks?limit=100')).json()) as { tasks: TaskView[] };
    expect(list.tasks.map((t) => t.id).sort()).toEqual([...ids].sort());
    recordFigures(expect.getState().currentTestName ?? '', {
      'accepted tasks': ids.length,
      'resumes screened': SIZES.reduce((a, b) => a + b, 0),
      'refused (503)': refused.length,
      'outage s': OUTAGE_MS / 1000,
      'done at outage': before.progress.done,
    });
  });
});

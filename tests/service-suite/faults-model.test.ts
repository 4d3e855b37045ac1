import { describe, expect, it } from 'vitest';
import { startLlmServer } from '../../sim/llm-server.js';
import { freePort } from '../helpers/redis.js';
import { expectWholeScreening } from './faults-check.js';
import { isTerminal, type SuiteService, sleep, submitScreening, useFaultsRig } from './faults-harness.js';
import { recordFigures } from './figures.js';

const RESUMES = 24;
const OUTAGE_MS = 30_000;

/**
 * Rows: the model endpoint (sim/llm-server.ts on a fixed port) closed in the middle of a screening
 * with the model's verdicts. Down for 30 s and back: the service's default serve.model_outage
 * (5 min) waits it out with backoff, and every resume is screened. Down for good (model_outage 3 s
 * here): the items that still needed it fail with the reason, and the task counts them.
 */
describe('faults: the model endpoint down', () => {
  const rig = useFaultsRig();

  /** Where the items run: the server (embedded) or the worker. */
  const itemLog = (s: SuiteService) => (s.backend === 'redis' ? s.workers[0]!.output : s.server!.output);

  for (const backend of ['memory', 'redis'] as const) {
    it(`${backend} backend: down for 30 s, then back: retried with backoff, every resume screened`, {
      timeout: 180_000,
    }, async () => {
      const port = await freePort();
      const run = await rig.start(backend, { latencyMs: 5, port });
      const s = run.svc;
      const id = await submitScreening(s, RESUMES);
      await s.waitStatus(id, (t) => t.progress.done >= 4 || isTerminal(t));
      await run.llm.close();
      const downAt = Date.now();
      await sleep(OUTAGE_MS);
      const during = await s.status(id);
      expect(during.state).toBe('running');
      expect(during.progress.failed).toBe(0);
      run.llm = await startLlmServer({ latencyMs: 5, port });
      const task = await s.waitTask(id, isTerminal);
      await expectWholeScreening(s, task, RESUMES);
      const waits = [...itemLog(s).matchAll(/does not answer .*?try (\d+) in (\d+) ms/g)];
      // Backoff: the waits grow (to the cap), so a long outage costs a few tries, not hundreds.
      const delays = waits.map((m) => Number(m[2]));
      expect(Math.max(...delays)).toBeGreaterThan(2_000);
      expect(waits.length).toBeLessThan(80);
      expect(itemLog(s)).toMatch(/answers again after \d+ s/);
      recordFigures(expect.getState().currentTestName ?? '', {
        'outage s': OUTAGE_MS / 1000,
        'tries waited': waits.length,
        'longest wait ms': Math.max(...delays),
        'done s after back': ((Date.now() - downAt - OUTAGE_MS) / 1000).toFixed(1),
      });
    });

    it(`${backend} backend: down for good: the items fail with the reason after their retries, the task counts them`, {
      timeout: 120_000,
    }, async () => {
      const port = await freePort();
      const config = { serve: { model_outage: '3s', item_concurrency: 2 } };
      const run = await rig.start(backend, { latencyMs: 5, port, config });
      const s = run.svc;
      const id = await submitScreening(s, RESUMES);
      await s.waitStatus(id, (t) => t.progress.done >= 4 || isTerminal(t));
      await run.llm.close();
      const downAt = Date.now();
      const task = await s.waitTask(id, isTerminal, 45_000);
      const { done, failed, total } = task.progress;
      expect(total).toBe(RESUMES);
      expect(done).toBeGreaterThanOrEqual(4);
      expect(failed).toBeGreaterThan(0);
      expect(done + failed).toBe(RESUMES);
      // Some resumes were screened: the task succeeded and says which were not, and why.
      expect(task.state).toBe('succeeded');
      const result = task.result as { ranked: unknown[]; notScreened: { file: string; reason: string }[] };
      expect(result.ranked).toHaveLength(done);
      expect(result.notScreened).toHaveLength(failed);
      for (const entry of result.notScreened) {
        expect(entry.reason).toMatch(/the model at http:\/\/127\.0\.0\.1:\d+\/v1 has not answered for \d+ s/);
        expect(entry.reason).toContain('serve.model_outage');
      }
      // Once the outage outlasted its wait, later items fail at once instead of waiting again.
      expect(Date.now() - downAt).toBeLessThan(30_000);
      recordFigures(expect.getState().currentTestName ?? '', {
        done,
        failed,
        'wait s': 3,
        'ended s after down': ((Date.now() - downAt) / 1000).toFixed(1),
      });
    });
  }
});

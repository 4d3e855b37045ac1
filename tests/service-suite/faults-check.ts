import { expect } from 'vitest';
import type { TaskView } from '../../src/server/task-view.js';
import { readZip } from '../e2e/harness/zip.js';
import type { SuiteService } from './faults-harness.js';

/**
 * What a finished screening must look like after any fault: every resume ranked exactly once in
 * the result and in ranking.json, one candidate file and one copy of each resume, every file whole
 * (the zip's CRCs hold; each JSON parses), no leftover temporary file among them.
 */
export async function expectWholeScreening(
  svc: SuiteService,
  task: TaskView,
  total: number,
): Promise<{ files: number; bytes: number }> {
  expect(task.state, task.error ?? '').toBe('succeeded');
  const result = task.result as { ranked: { id: string; rank: number }[]; notScreened: unknown[] };
  // The reasons of the items that were not screened, so a failure says why.
  expect(task.progress, JSON.stringify(result?.notScreened ?? null)).toMatchObject({
    done: total,
    failed: 0,
    total,
  });
  const ids = result.ranked.map((c) => c.id);
  expect(ids).toHaveLength(total);
  expect(new Set(ids).size).toBe(total);
  expect(result.ranked.map((c) => c.rank)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(result.notScreened).toEqual([]);

  const res = await svc.call(`/api/tasks/${task.id}/download.zip`);
  expect(res.status).toBe(200);
  const buf = Buffer.from(await res.arrayBuffer());
  const entries = readZip(buf);
  const names = entries.map((e) => e.name);
  expect(new Set(names).size, 'a file listed twice').toBe(names.length);
  expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
  const candidates = entries.filter((e) => /^candidates\/[^/]+\.json$/.test(e.name));
  expect(candidates).toHaveLength(total);
  for (const entry of candidates) {
    const parsed = JSON.parse(entry.data.toString('utf8')) as { id: string };
    expect(entry.name).toBe(`candidates/${parsed.id}.json`);
  }
  expect(new Set(candidates.map((e) => e.name.slice(11, -5)))).toEqual(new Set(ids));
  expect(entries.filter((e) => e.name.startsWith('resumes/'))).toHaveLength(total);
  const ranking = entries.find((e) => e.name === 'ranking.json');
  const parsed = JSON.parse(ranking?.data.toString('utf8') ?? 'null') as { ranking: { id: string }[] };
  expect(parsed.ranking.map((r) => r.id)).toEqual(ids);
  expect(names).toContain('index.html');
  expect(names).toContain('ranking.csv');
  return { files: entries.length, bytes: buf.length };
}

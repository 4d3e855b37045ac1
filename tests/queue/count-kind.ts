import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskKind } from '../../src/app/task.js';
import { HttpError } from '../../src/errors.js';
import { MARKERS } from '../../src/generate/prompt.js';

/**
 * A small TaskKind for the queue's mechanics (the real kinds, screen and tailor, have their own
 * tests). Each item says how it behaves:
 * - ok: writes items/<id>.txt once and returns its id;
 * - fail: throws a final error (not retried);
 * - flaky: a transient error (HTTP 503) on its first two tries, then ok;
 * - transient: a transient error on every try;
 * - slow: writes its file, then waits `holdMs` (or until its signal fires), then ok (so a worker
 *   killed while it waits has written: the item's second run must not write again);
 * - late: waits `holdMs`, then writes its file, then ok (a write at a moment the test picks);
 * - model: one chat request to the model (services.llm), then ok;
 * - calls: three chat requests, each through services.llmLimiter.request as the real kinds make
 *   them (a tailoring item makes several calls), then ok.
 * What ran is recorded per process in `trace`, so a test sees tries, starts and aborts.
 */
export type ItemMode = 'ok' | 'fail' | 'flaky' | 'transient' | 'slow' | 'late' | 'model' | 'calls';

export interface CountInput {
  items: { id: string; mode: ItemMode }[];
  holdMs?: number;
  failPrepare?: boolean;
}

export interface CountResult {
  done: string[];
  failed: { id: string; message: string }[];
  /** How many items' runs wrote their file (true on the first writer only). */
  firstWrites: number;
}

export interface Trace {
  tries: Map<string, number>;
  started: Set<string>;
  aborted: Set<string>;
  /** ms timestamps of each item start, in order. */
  startTimes: number[];
  modelCalls: number[];
  onStart: ((key: string) => void) | null;
}

export const trace: Trace = {
  tries: new Map(),
  started: new Set(),
  aborted: new Set(),
  startTimes: [],
  modelCalls: [],
  onStart: null,
};

type Plan = { holdMs: number };
type Item = { mode: ItemMode };
type Value = { id: string; firstWrite: boolean };

export const countKind: TaskKind<CountInput, Plan, Item, Value, CountResult> = {
  kind: 'count',
  async prepare(input, deps) {
    if (input.failPrepare) throw new Error('the input names no items (give "items")');
    await deps.inputs.write('seen.json', JSON.stringify(input.items.length));
    return {
      plan: { holdMs: input.holdMs ?? 30_000 },
      items: input.items.map(({ id, mode }) => ({ id, label: `item ${id}`, input: { mode } })),
    };
  },
  async runItem(plan, item, deps, ctx) {
    const key = `${ctx.runId}/${item.id}`;
    const tries = (trace.tries.get(key) ?? 0) + 1;
    trace.tries.set(key, tries);
    trace.started.add(key);
    trace.startTimes.push(Date.now());
    trace.onStart?.(key);
    const { mode } = item.input;
    if (mode === 'fail') throw new Error(`item ${item.id} is broken`);
    if (mode === 'transient' || (mode === 'flaky' && tries < 3))
      throw new HttpError('http://127.0.0.1/model', 503, 'unavailable');
    const write = () => deps.files.writeOnce(`items/${item.id}.txt`, `${item.id} by ${process.pid}`);
    if (mode === 'slow') {
      const firstWrite = await write();
      try {
        await sleep(plan.holdMs, undefined, { signal: ctx.signal });
      } catch (error) {
        trace.aborted.add(key);
        throw error;
      }
      return { id: item.id, firstWrite };
    }
    if (mode === 'late') await sleep(plan.holdMs, undefined, { signal: ctx.signal });
    if (mode === 'model' || mode === 'calls') {
      const llm = deps.services.llm;
      if (!llm) throw new Error(`mode "${mode}" needs services.llm`);
      const call = async () => {
        trace.modelCalls.push(Date.now());
        return (await llm.openai()).chat.completions.create(
          { model: llm.model, messages: [{ role: 'user', content: modelPrompt(item.id) }] },
          { signal: ctx.signal },
        );
      };
      if (mode === 'model') await call();
      else for (let n = 0; n < 3; n++) await deps.services.llmLimiter.request(call, ctx.signal);
    }
    return { id: item.id, firstWrite: await write() };
  },
  async finish(_plan, outcomes, deps) {
    const result: CountResult = {
      done: outcomes.flatMap((o) => (o.ok ? [o.value.id] : [])).sort(),
      failed: outcomes.flatMap((o) => (o.ok ? [] : [{ id: o.id, message: o.error.message }])),
      firstWrites: outcomes.filter((o) => o.ok && o.value.firstWrite).length,
    };
    await deps.files.write('summary.json', JSON.stringify(result));
    return result;
  },
};

/** A prompt the local model server answers: a PROFILE and a JOB block, as the generator writes them. */
function modelPrompt(itemId: string): string {
  const block = (which: keyof typeof MARKERS, value: unknown) =>
    `${MARKERS[which][0]}${JSON.stringify(value)}${MARKERS[which][1]}`;
  const profile = { name: `Person ${itemId}`, label: null, skills: ['TypeScript'], work: [] };
  const job = { company: 'Acme', title: 'Engineer', description: 'TypeScript services.' };
  return `${block('profile', profile)}\n${block('job', job)}`;
}

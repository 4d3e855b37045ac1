import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueHooks } from '../queue/memory/run-task.js';
import { JOB_STATES, type TaskQueue, type TaskRecord, type TaskState } from '../queue/types.js';

const STATES: TaskState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface ServerMetrics {
  registry: Registry;
  hooks: QueueHooks;
  cacheHits: Counter;
  /** Starts counting tasks by state from the queue at each scrape. */
  watch(queue: TaskQueue): void;
}

/** Usage a task's result reports (tailor and screen summaries carry `usage`). */
function usageOf(result: unknown): { promptTokens: number; completionTokens: number; calls: number } | null {
  const usage = (result as { usage?: Record<string, unknown> } | null)?.usage;
  if (!usage || typeof usage !== 'object') return null;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    promptTokens: n(usage['promptTokens']),
    completionTokens: n(usage['completionTokens']),
    calls: n(usage['requests'] ?? usage['calls']),
  };
}

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let queue: TaskQueue | null = null;
  new Gauge({
    name: 'jm_tasks',
    help: 'Tasks by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = (await queue?.counts?.().catch(() => null)) ?? {};
      for (const state of STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'jm_queue_jobs',
    help: 'Queue depth: jobs (prepare, items, finish) by state, read from Redis at each scrape',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      // Redis away: no samples rather than a failed scrape (readyz says why).
      const depth = await queue?.depth?.().catch(() => null);
      if (!depth) return;
      for (const state of JOB_STATES) this.set({ state }, depth[state]);
    },
  });
  const duration = new Histogram({
    name: 'jm_task_duration_seconds',
    help: 'Task duration from start to end, by kind and final state',
    labelNames: ['kind', 'state'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  const retried = new Counter({
    name: 'jm_items_retried_total',
    help: 'Item tries repeated after a transient failure',
    labelNames: ['kind'],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'jm_model_tokens_total',
    help: 'Model tokens used by finished tasks',
    labelNames: ['kind', 'type'],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'jm_model_calls_total',
    help: 'Model calls made by finished tasks',
    labelNames: ['kind'],
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'jm_result_cache_hits_total',
    help: 'Submissions answered from the result cache (no new model call)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const hooks: QueueHooks = {
    itemRetried: (kind) => retried.inc({ kind }),
    taskFinished: (record: TaskRecord) => {
      if (record.startedAt && record.finishedAt) {
        const seconds = (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000;
        duration.observe({ kind: record.kind, state: record.state }, Math.max(0, seconds));
      }
      const usage = usageOf(record.result);
      if (usage) {
        tokens.inc({ kind: record.kind, type: 'prompt' }, usage.promptTokens);
        tokens.inc({ kind: record.kind, type: 'completion' }, usage.completionTokens);
        calls.inc({ kind: record.kind }, usage.calls);
      }
    },
  };
  return {
    registry,
    hooks,
    cacheHits,
    watch: (q) => {
      queue = q;
    },
  };
}

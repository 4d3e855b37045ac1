import pMap from 'p-map';
import type { RunContext } from '../../app/context.js';
import { createRunEvents, type RunEvent, type RunEventInput } from '../../app/events.js';
import type { AnyTaskKind, ItemOutcome, TaskDeps, TaskItem } from '../../app/task.js';
import { type RetryPolicy, withRetry } from '../../batch/retry.js';
import { toEventError } from '../../batch/run-batch.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { finalState } from '../final-state.js';
import type { TaskProgress, TaskRecord } from '../types.js';
import type { ItemRow, QueueStore } from './store.js';

/** What the service counts (prom-client in the server); every hook is optional. */
export interface QueueHooks {
  itemRetried?(kind: string): void;
  taskFinished?(record: TaskRecord): void;
}

export interface RunTaskEnv {
  store: QueueStore;
  deps: TaskDeps;
  logger: Logger;
  retry: RetryPolicy;
  itemConcurrency: number;
  /** The user's cancel. */
  cancel: AbortSignal;
  /** The process is stopping: leave records as they are, for the next start to continue. */
  shutdown: AbortSignal;
  hooks: QueueHooks;
  now(): Date;
  append(event: RunEvent): void;
  /**
   * A nested run's progress (a match run's pipeline stages inside the task's item), to show as
   * the task's progress while its items run; null when the items' own count is the news again.
   */
  nestedProgress?(progress: TaskProgress | null): void;
}

/** An item that was in flight when the process stopped is run once more, never a third time. */
const MAX_RUNS = 2;

/**
 * Runs (or continues, after a restart) one task: prepare once (its plan and items are stored in
 * one transaction), every item not yet finished through a pool with retries of transient
 * failures, then finish with every item's outcome. The state is derived from the items.
 */
export async function runTask(kind: AnyTaskKind, taskId: string, env: RunTaskEnv): Promise<void> {
  await runSteps(kind, taskId, env);
  if (env.cancel.aborted && !env.shutdown.aborted) {
    env.append({ type: 'run-finished', runId: taskId, state: 'cancelled', at: env.now().toISOString() });
    const record = env.store.get(taskId);
    if (record) env.hooks.taskFinished?.(record);
  }
}

async function runSteps(kind: AnyTaskKind, taskId: string, env: RunTaskEnv): Promise<void> {
  const { store } = env;
  const signal = AbortSignal.any([env.cancel, env.shutdown]);
  const at = () => env.now().toISOString();
  const events = createRunEvents(env.now);
  events.on((event) => {
    if (env.shutdown.aborted) return;
    env.append(event);
    if (event.type === 'progress') {
      const { stage, done, failed, total } = event;
      env.nestedProgress?.(stage === kind.kind ? null : { stage, done, failed, total });
    }
  });
  const emit = (event: RunEventInput) => events.emit(event);
  const ctx: RunContext = { runId: taskId, signal, logger: env.logger, events };

  if (store.transition(taskId, ['queued'], { state: 'running', startedAt: at(), stage: 'prepare' })) {
    emit({ type: 'run-started', runId: taskId, kind: kind.kind });
  }
  let raw = store.raw(taskId);
  if (!raw) return;

  const fail = (error: unknown) => {
    if (env.shutdown.aborted) return;
    const eventError = toEventError(error);
    if (
      store.transition(taskId, ['running'], { state: 'failed', finishedAt: at(), error: eventError.message })
    ) {
      emit({ type: 'run-finished', runId: taskId, state: 'failed', error: eventError });
      const record = store.get(taskId);
      if (record) env.hooks.taskFinished?.(record);
    }
  };

  if (raw.plan === null) {
    const started = Date.now();
    emit({ type: 'stage-started', stage: 'prepare' });
    try {
      const prepared = await kind.prepare(raw.input, env.deps, ctx);
      if (signal.aborted) return;
      store.savePlan(taskId, prepared.plan, prepared.items, prepared.skipped ?? []);
    } catch (error) {
      return fail(error);
    }
    emit({ type: 'stage-finished', stage: 'prepare', done: 1, failed: 0, durationMs: Date.now() - started });
    raw = store.raw(taskId);
    if (!raw) return;
  }
  const plan = raw.plan;
  // A restart continues the task where a killed process may have been writing a file.
  await env.deps.files.removeStaleTemps?.().catch(() => undefined);

  const stage = kind.kind;
  const items = store.items(taskId);
  const total = items.length;
  let done = items.filter((i) => i.state === 'done').length;
  let failed = items.filter((i) => i.state === 'failed').length;
  store.transition(taskId, ['running'], { stage });
  emit({ type: 'stage-started', stage, total });
  const itemsStarted = Date.now();

  const runOne = async (row: ItemRow): Promise<void> => {
    if (signal.aborted) return;
    if (row.state === 'running' && row.runs >= MAX_RUNS) {
      const error = {
        code: 'INTERRUPTED',
        message: `${row.label}: interrupted twice by a restart; not tried again`,
        retryable: false,
      };
      store.endItem(taskId, row.id, { state: 'failed', error });
      failed++;
      emit({ type: 'item-failed', stage, itemId: row.id, label: row.label, error });
      emit({ type: 'progress', stage, done, failed, total });
      return;
    }
    store.startItem(taskId, row.id);
    const item: TaskItem<unknown> = { id: row.id, label: row.label, input: row.input };
    try {
      const value = await withRetry(() => kind.runItem(plan, item, env.deps, ctx), {
        policy: env.retry,
        signal,
        onRetry: (error, attempt) => {
          env.hooks.itemRetried?.(kind.kind);
          env.logger.warn(
            stage,
            `${row.label}: try ${attempt} failed (${describeError(error)}); trying again`,
          );
        },
      });
      // Done is done, even while stopping: the next start need not run it again.
      store.endItem(taskId, row.id, { state: 'done', value });
      done++;
      emit({ type: 'item-done', stage, itemId: row.id, label: row.label });
    } catch (error) {
      // Stopping: the record stays "running", so the next start runs this item once more.
      if (env.shutdown.aborted) return;
      if (env.cancel.aborted) return store.endItem(taskId, row.id, { state: 'cancelled' });
      const eventError = toEventError(error);
      store.endItem(taskId, row.id, { state: 'failed', error: eventError });
      failed++;
      emit({ type: 'item-failed', stage, itemId: row.id, label: row.label, error: eventError });
    }
    emit({ type: 'progress', stage, done, failed, total });
  };

  const open = items.filter((i) => i.state === 'pending' || i.state === 'running');
  const concurrency = Math.max(1, raw.concurrency ?? env.itemConcurrency);
  await pMap(open, runOne, { concurrency });
  if (env.shutdown.aborted) return;
  emit({ type: 'stage-finished', stage, done, failed, durationMs: Date.now() - itemsStarted });

  const outcomes: ItemOutcome<unknown>[] = store.items(taskId).flatMap((row): ItemOutcome<unknown>[] => {
    if (row.state === 'done') return [{ id: row.id, label: row.label, ok: true, value: row.value }];
    if (row.state === 'failed' && row.error)
      return [{ id: row.id, label: row.label, ok: false, error: row.error }];
    return [];
  });
  // A cancelled task still finishes: what its finished items produced is kept and listed.
  const finishSignal = env.shutdown;
  const finishCtx: RunContext = { ...ctx, signal: finishSignal };
  const finishStarted = Date.now();
  if (!env.cancel.aborted) store.transition(taskId, ['running'], { stage: 'finish' });
  emit({ type: 'stage-started', stage: 'finish' });
  let result: unknown;
  try {
    result = await kind.finish(plan, outcomes, env.deps, finishCtx);
  } catch (error) {
    return fail(error);
  }
  if (env.shutdown.aborted) return;
  emit({
    type: 'stage-finished',
    stage: 'finish',
    done: 1,
    failed: 0,
    durationMs: Date.now() - finishStarted,
  });

  const { state, error } = finalState(total, done);
  const message = error?.message ?? null;
  if (
    store.transition(taskId, ['running'], { state, finishedAt: at(), error: message, result, stage: 'done' })
  ) {
    emit({ type: 'run-finished', runId: taskId, state, ...(error ? { error } : {}) });
    const record = store.get(taskId);
    if (record) env.hooks.taskFinished?.(record);
  } else {
    store.transition(taskId, ['cancelled'], { result });
  }
}

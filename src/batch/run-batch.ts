import pMap from 'p-map';
import type { RunContext } from '../app/context.js';
import type { EventError } from '../app/events.js';
import type { ItemOutcome, TaskDeps, TaskItem, TaskKind } from '../app/task.js';
import { CancelledError, describeError, throwIfCancelled } from '../errors.js';
import { DEFAULT_RETRY, isTransient, type RetryPolicy, withRetry } from './retry.js';

export interface BatchOptions {
  /** Items in flight at once: a pool, so one slow item never holds the others back. */
  concurrency: number;
  retry?: RetryPolicy;
}

export interface BatchResult<R, Out> {
  result: Out;
  outcomes: ItemOutcome<R>[];
  skipped: { id: string; label: string; reason: string }[];
  /** Items not started because the run was cancelled. */
  notStarted: number;
  retries: number;
}

/** An error as events and records carry it: stable code, message, retryable, context fields. */
export function toEventError(error: unknown): EventError {
  const code = (error as { code?: unknown })?.code;
  const fields = (error as { fields?: unknown })?.fields;
  return {
    code: typeof code === 'string' ? code : 'UNEXPECTED',
    message: describeError(error),
    retryable: isTransient(error),
    ...(fields && typeof fields === 'object' ? { fields: fields as EventError['fields'] } : {}),
  };
}

/**
 * Runs one TaskKind in this process: prepare, every item through a p-map pool with retries of
 * transient failures, then finish. One item's failure is recorded and the others go on; a
 * cancelled run starts no new item and still finishes with what is done. The queue backends run
 * the same three steps as separate jobs; this is the CLI's path.
 */
export async function runBatch<In, P, I, R, Out>(
  kind: TaskKind<In, P, I, R, Out>,
  input: In,
  deps: TaskDeps,
  ctx: RunContext,
  options: BatchOptions,
): Promise<BatchResult<R, Out>> {
  const { events, signal } = ctx;
  const prepareStarted = Date.now();
  events.emit({ type: 'stage-started', stage: 'prepare' });
  const prepared = await kind.prepare(input, deps, ctx);
  events.emit({
    type: 'stage-finished',
    stage: 'prepare',
    done: 1,
    failed: 0,
    durationMs: Date.now() - prepareStarted,
  });
  throwIfCancelled(signal);

  const total = prepared.items.length;
  const stage = kind.kind;
  let done = 0;
  let failed = 0;
  let notStarted = 0;
  let retries = 0;
  const itemsStarted = Date.now();
  events.emit({ type: 'stage-started', stage, total });
  const results = await pMap(
    prepared.items,
    async (item: TaskItem<I>): Promise<ItemOutcome<R> | null> => {
      if (signal.aborted) {
        notStarted++;
        return null;
      }
      try {
        const value = await withRetry(() => kind.runItem(prepared.plan, item, deps, ctx), {
          policy: options.retry ?? DEFAULT_RETRY,
          signal,
          onRetry: (error, attempt) => {
            retries++;
            ctx.logger.warn(
              stage,
              `${item.label}: try ${attempt} failed (${describeError(error)}); trying again`,
            );
          },
        });
        done++;
        events.emit({ type: 'item-done', stage, itemId: item.id, label: item.label });
        return { id: item.id, label: item.label, ok: true, value };
      } catch (error) {
        if (error instanceof CancelledError || signal.aborted) {
          notStarted++;
          return null;
        }
        failed++;
        const eventError = toEventError(error);
        events.emit({ type: 'item-failed', stage, itemId: item.id, label: item.label, error: eventError });
        return { id: item.id, label: item.label, ok: false, error: eventError };
      } finally {
        events.emit({ type: 'progress', stage, done, failed, total });
      }
    },
    { concurrency: Math.max(1, options.concurrency) },
  );
  events.emit({ type: 'stage-finished', stage, done, failed, durationMs: Date.now() - itemsStarted });
  const outcomes = results.filter((r): r is ItemOutcome<R> => r !== null);

  const finishStarted = Date.now();
  events.emit({ type: 'stage-started', stage: 'finish' });
  const result = await kind.finish(prepared.plan, outcomes, deps, ctx);
  events.emit({
    type: 'stage-finished',
    stage: 'finish',
    done: 1,
    failed: 0,
    durationMs: Date.now() - finishStarted,
  });
  return { result, outcomes, skipped: prepared.skipped ?? [], notStarted, retries };
}

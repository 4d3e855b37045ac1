import { type FlowProducer, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { RunContext } from '../../app/context.js';
import { createRunEvents, type RunEventInput } from '../../app/events.js';
import type { AnyTaskKind, ItemOutcome, TaskDeps, TaskItem } from '../../app/task.js';
import { isTransient, type RetryPolicy } from '../../batch/retry.js';
import { toEventError } from '../../batch/run-batch.js';
import { CancelledError, describeError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { finalState } from '../final-state.js';
import type { CancelRegistry } from './cancel.js';
import { jobId } from './keys.js';
import { modelRetryAfterMs } from './rate-limit.js';
import type { ItemRef, TaskRecords } from './records.js';

export type JobData = { taskId: string } | { taskId: string; item: TaskItem<unknown> };
export const PREPARE = 'prepare';
export const ITEM = 'item';
export const FINISH = 'finish';

/** What the worker's jobs share: records, kinds, the task's stores, the producer of item flows. */
export interface Runtime {
  records: TaskRecords;
  kinds: Map<string, AnyTaskKind>;
  deps(taskId: string): TaskDeps;
  flow: FlowProducer;
  queue: Queue;
  queueName: string;
  retry: RetryPolicy;
  logger: Logger;
  cancels: CancelRegistry;
  /** Finished records and their files expire after this (serve.results_ttl). */
  ttlMs: number;
  now(): Date;
}

/** The BullMQ processor: one job is a task's prepare step, one of its items, or its finish step. */
export function createProcessor(rt: Runtime) {
  const plans = new Map<string, unknown>();
  const emit = (taskId: string, event: RunEventInput) => rt.records.append(taskId, event, rt.now());

  const kindNamed = (name: string): AnyTaskKind => {
    const kind = rt.kinds.get(name);
    // Every worker runs every kind of the service; a job of another kind is a deployment error.
    if (!kind) throw new UnrecoverableError(`this worker runs no task kind "${name}"`);
    return kind;
  };
  const kindOf = async (taskId: string): Promise<AnyTaskKind> =>
    kindNamed((await rt.records.field(taskId, 'kind')) ?? '');

  const planOf = async (taskId: string): Promise<unknown> => {
    if (!plans.has(taskId)) {
      if (plans.size > 100) plans.delete(plans.keys().next().value as string);
      plans.set(taskId, JSON.parse((await rt.records.field(taskId, 'plan')) ?? 'null'));
    }
    return plans.get(taskId);
  };

  /** A RunContext whose events go to the task's stream, in order, and whose signal is cancel. */
  const contextFor = (taskId: string, signal: AbortSignal) => {
    const events = createRunEvents(rt.now);
    let chain: Promise<unknown> = Promise.resolve();
    events.on((event) => {
      const { at: _at, ...input } = event;
      chain = chain.then(() => emit(taskId, input as RunEventInput)).catch(() => {});
    });
    const ctx: RunContext = { runId: taskId, signal, logger: rt.logger, events };
    return { ctx, flush: () => chain };
  };

  /** A failure that ends the task (prepare or finish): recorded once, then BullMQ stops retrying. */
  const failTask = async (taskId: string, error: unknown): Promise<never> => {
    const eventError = toEventError(error);
    const at = rt.now().toISOString();
    if (
      await rt.records.transition(taskId, ['queued', 'running'], {
        state: 'failed',
        finishedAt: at,
        error: eventError.message,
      })
    ) {
      await emit(taskId, { type: 'run-finished', runId: taskId, state: 'failed', error: eventError });
    }
    throw new UnrecoverableError(eventError.message);
  };

  const isFinal = (job: Job, error: unknown): boolean =>
    !isTransient(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

  async function prepare(job: Job<JobData>, signal: AbortSignal): Promise<void> {
    const { taskId } = job.data;
    if (await rt.records.isFinished(taskId)) return;
    const kind = await kindOf(taskId);
    const startedAt = rt.now().toISOString();
    if (await rt.records.transition(taskId, ['queued'], { state: 'running', startedAt, stage: 'prepare' })) {
      await emit(taskId, { type: 'run-started', runId: taskId, kind: kind.kind });
    }
    await emit(taskId, { type: 'stage-started', stage: 'prepare' });
    const started = Date.now();
    const { ctx, flush } = contextFor(taskId, signal);
    let prepared: Awaited<ReturnType<AnyTaskKind['prepare']>>;
    try {
      const input = JSON.parse((await rt.records.field(taskId, 'input')) ?? 'null');
      prepared = await kind.prepare(input, rt.deps(taskId), ctx);
    } catch (error) {
      await flush();
      if (signal.aborted) return;
      if (isFinal(job, error)) return failTask(taskId, error);
      throw error;
    }
    await flush();
    const items: ItemRef[] = prepared.items.map(({ id, label }) => ({ id, label }));
    await rt.records.setFields(taskId, {
      plan: JSON.stringify(prepared.plan ?? null),
      items: JSON.stringify(items),
      skipped: JSON.stringify(prepared.skipped ?? []),
      total: String(items.length),
      stage: kind.kind,
      itemsStartedAt: String(Date.now()),
    });
    await emit(taskId, {
      type: 'stage-finished',
      stage: 'prepare',
      done: 1,
      failed: 0,
      durationMs: Date.now() - started,
    });
    await emit(taskId, { type: 'stage-started', stage: kind.kind, total: items.length });
    await addFlow(taskId, prepared.items);
  }

  // The task's flow: finish is the parent, every item a child. A child's final failure is moved to
  // the parent's ignored failures, so finish still runs with every other item's outcome. The job
  // ids are the task's and the item's, so a prepare that runs again after a crash adds nothing twice.
  async function addFlow(taskId: string, items: TaskItem<unknown>[]): Promise<void> {
    const keep = { age: Math.ceil(rt.ttlMs / 1000) };
    const finish = { jobId: jobId(taskId, FINISH), removeOnComplete: keep, removeOnFail: keep };
    if (items.length === 0) {
      await rt.queue.add(FINISH, { taskId }, finish);
      return;
    }
    await rt.flow.add({
      name: FINISH,
      queueName: rt.queueName,
      data: { taskId },
      opts: finish,
      children: items.map((item, index) => ({
        name: ITEM,
        queueName: rt.queueName,
        data: { taskId, item },
        opts: {
          jobId: jobId(taskId, `item-${index}`),
          attempts: rt.retry.attempts,
          backoff: { type: 'exponential', delay: rt.retry.baseDelayMs, jitter: 0.5 },
          ignoreDependencyOnFailure: true,
          removeOnComplete: keep,
          removeOnFail: keep,
        },
      })),
    });
  }

  async function runItem(job: Job<JobData>, signal: AbortSignal): Promise<void> {
    const { taskId } = job.data;
    const item = (job.data as { item: TaskItem<unknown> }).item;
    // A cancelled task's queued items end here without starting; an item that already has its
    // outcome (it ran before its worker died) is not run again.
    const start = await rt.records.itemStart(taskId, item.id);
    if (start.finished || start.hasOutcome) return;
    const kind = kindNamed(start.kind ?? '');
    const plan = await planOf(taskId);
    const { ctx, flush } = contextFor(taskId, signal);
    let outcome: ItemOutcome<unknown>;
    try {
      const value = await kind.runItem(plan, item, rt.deps(taskId), ctx);
      outcome = { id: item.id, label: item.label, ok: true, value: value ?? null };
    } catch (error) {
      await flush();
      if (signal.aborted || error instanceof CancelledError) return;
      const pauseMs = modelRetryAfterMs(error);
      if (pauseMs !== null) {
        // The model said "slow down": every worker waits, and this try does not count as a failure.
        rt.logger.warn('queue', `model rate limit: the queue pauses for ${pauseMs} ms`);
        await rt.queue.rateLimit(pauseMs);
        throw Worker.RateLimitError();
      }
      if (!isFinal(job, error)) {
        rt.logger.warn(
          'queue',
          `${item.label}: try ${job.attemptsMade + 1} failed (${describeError(error)}); trying again`,
        );
        throw error;
      }
      outcome = { id: item.id, label: item.label, ok: false, error: toEventError(error) };
    }
    await flush();
    await recordOutcome(taskId, kind.kind, outcome);
    if (!outcome.ok) throw new UnrecoverableError(outcome.error.message);
  }

  async function recordOutcome(taskId: string, stage: string, outcome: ItemOutcome<unknown>): Promise<void> {
    const { id: itemId, label } = outcome;
    const event: RunEventInput = outcome.ok
      ? { type: 'item-done', stage, itemId, label }
      : { type: 'item-failed', stage, itemId, label, error: outcome.error };
    await rt.records.recordOutcome(taskId, outcome, event, stage, rt.now());
  }

  async function finish(job: Job<JobData>, signal: AbortSignal): Promise<void> {
    const { taskId } = job.data;
    plans.delete(taskId);
    if (await rt.records.isFinished(taskId)) return;
    const kind = await kindOf(taskId);
    const items = JSON.parse((await rt.records.field(taskId, 'items')) ?? '[]') as ItemRef[];
    const known = await rt.records.outcomes(taskId);
    // An item whose worker died too often (BullMQ's stalled limit) never recorded an outcome.
    for (const ref of items.filter((ref) => !known.has(ref.id))) {
      const error = { code: 'ITEM_LOST', message: 'its worker stopped too many times', retryable: false };
      await recordOutcome(taskId, kind.kind, { ...ref, ok: false, error });
    }
    const all = await rt.records.outcomes(taskId);
    const outcomes = items
      .map((ref) => all.get(ref.id))
      .filter((o): o is ItemOutcome<unknown> => o !== undefined);
    const done = outcomes.filter((o) => o.ok).length;
    const itemsStartedAt = Number((await rt.records.field(taskId, 'itemsStartedAt')) ?? Date.now());
    const durationMs = Date.now() - itemsStartedAt;
    await emit(taskId, {
      type: 'stage-finished',
      stage: kind.kind,
      done,
      failed: outcomes.length - done,
      durationMs,
    });
    await emit(taskId, { type: 'stage-started', stage: 'finish' });
    const started = Date.now();
    const { ctx, flush } = contextFor(taskId, signal);
    let result: unknown;
    try {
      result = await kind.finish(await planOf(taskId), outcomes, rt.deps(taskId), ctx);
    } catch (error) {
      await flush();
      if (signal.aborted) return;
      if (isFinal(job, error)) return failTask(taskId, error);
      throw error;
    } finally {
      plans.delete(taskId);
    }
    await flush();
    await emit(taskId, {
      type: 'stage-finished',
      stage: 'finish',
      done: 1,
      failed: 0,
      durationMs: Date.now() - started,
    });
    const { state, error } = finalState(outcomes.length, done);
    const fields = {
      state,
      finishedAt: rt.now().toISOString(),
      stage: 'finish',
      result: JSON.stringify(result ?? null),
      ...(error ? { error: error.message } : {}),
    };
    if (await rt.records.transition(taskId, ['running'], fields)) {
      await emit(taskId, { type: 'run-finished', runId: taskId, state, ...(error ? { error } : {}) });
    }
  }

  return async (job: Job<JobData>, _token?: string, bullSignal?: AbortSignal): Promise<void> => {
    const { taskId } = job.data;
    const release = rt.cancels.hold(taskId);
    const signal = bullSignal ? AbortSignal.any([bullSignal, release.signal]) : release.signal;
    try {
      if (job.name === PREPARE) await prepare(job, signal);
      else if (job.name === ITEM) await runItem(job, signal);
      else if (job.name === FINISH) await finish(job, signal);
      else throw new UnrecoverableError(`unknown job "${job.name}"`);
    } finally {
      release.done();
    }
  };
}

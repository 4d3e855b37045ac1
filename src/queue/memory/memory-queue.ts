import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../../app/events.js';
import type { Services } from '../../app/services.js';
import type { AnyTaskKind } from '../../app/task.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../batch/retry.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import type { FileStore } from '../../infra/storage/types.js';
import type {
  QueueHealth,
  TaskEventRecord,
  TaskFilter,
  TaskProgress,
  TaskQueue,
  TaskRecord,
  TaskState,
  TaskSubmission,
} from '../types.js';
import { type QueueHooks, runTask } from './run-task.js';
import { QueueStore } from './store.js';

export interface MemoryQueueOptions {
  /** The SQLite file of task records, items and events. */
  file: string;
  services: Services;
  /** A task's input and result stores (the embedded server: folders under --data). */
  stores(taskId: string): { inputs: FileStore; files: FileStore };
  logger: Logger;
  retry?: RetryPolicy;
  /** Items in flight per task when the submission does not say. */
  itemConcurrency?: number;
  hooks?: QueueHooks;
  now?: () => Date;
}

const TERMINAL: TaskState[] = ['succeeded', 'failed', 'cancelled'];

/**
 * The embedded TaskQueue: tasks run in this process, their records live in SQLite, so a restart
 * starts queued tasks and continues running ones (an item that was in flight is run once more).
 */
export class MemoryQueue implements TaskQueue {
  readonly backend = 'memory' as const;
  readonly store: QueueStore;
  private readonly now: () => Date;
  private kinds = new Map<string, AnyTaskKind>();
  private taskConcurrency = 0;
  private readonly running = new Map<string, { cancel: AbortController; done: Promise<void> }>();
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Running tasks' nested progress (see RunTaskEnv.nestedProgress); not kept across a restart. */
  private readonly nested = new Map<string, TaskProgress>();
  private readonly shutdown = new AbortController();
  private closed = false;

  constructor(private readonly options: MemoryQueueOptions) {
    mkdirSync(path.dirname(options.file), { recursive: true });
    this.store = new QueueStore(options.file);
    this.now = options.now ?? (() => new Date());
    // Every running task's signal listens on the one shutdown signal.
    setMaxListeners(1000, this.shutdown.signal);
  }

  async submit(task: TaskSubmission): Promise<TaskRecord> {
    this.store.insert(task, this.now().toISOString());
    queueMicrotask(() => this.pump());
    return this.store.get(task.id) as TaskRecord;
  }

  async get(id: string, options: { result?: boolean } = {}): Promise<TaskRecord | null> {
    const record = this.store.get(id, options.result !== false);
    return record ? this.withNested(record) : null;
  }

  async list(filter: TaskFilter): Promise<TaskRecord[]> {
    return this.store.list(filter).map((r) => this.withNested(r));
  }

  /** While its items run (its stage is its kind's), a task with a nested run shows that run's progress. */
  private withNested(record: TaskRecord): TaskRecord {
    const nested = this.nested.get(record.id);
    if (!nested || record.state !== 'running' || record.progress.stage !== record.kind) return record;
    return { ...record, progress: nested };
  }

  async counts(): Promise<Partial<Record<TaskState, number>>> {
    return this.store.counts();
  }

  async cancel(id: string): Promise<TaskRecord | null> {
    const at = this.now().toISOString();
    const change = { state: 'cancelled' as const, finishedAt: at, error: 'cancelled' };
    if (this.store.transition(id, ['queued', 'running'], change)) {
      const run = this.running.get(id);
      // A running task ends its own event stream once its finish step has kept what is done.
      if (run) run.cancel.abort(new Error('cancelled'));
      else this.append(id, { type: 'run-finished', runId: id, state: 'cancelled', at });
    }
    return this.store.get(id);
  }

  async *events(id: string, afterSeq: number, signal: AbortSignal): AsyncIterable<TaskEventRecord> {
    let seq = afterSeq;
    while (!signal.aborted && !this.closed) {
      // Subscribe before reading, so an event appended between the read and the wait still wakes us.
      const wake = this.waitFor(id, signal);
      for (const record of this.store.eventsAfter(id, seq)) {
        seq = record.seq;
        yield record;
        if (record.event.type === 'run-finished') return wake.cancel();
      }
      const task = this.store.get(id);
      if (!task || (TERMINAL.includes(task.state) && !this.running.has(id))) return wake.cancel();
      await wake.promise;
    }
  }

  async startWorker(kinds: AnyTaskKind[], options: { concurrency: number }): Promise<void> {
    for (const kind of kinds) this.kinds.set(kind.kind, kind);
    this.taskConcurrency = Math.max(1, options.concurrency);
    this.pump();
  }

  async health(): Promise<QueueHealth> {
    try {
      this.store.db.prepare('SELECT 1').get();
      return this.closed ? { ok: false, reason: 'the queue is closed' } : { ok: true };
    } catch (error) {
      return { ok: false, reason: describeError(error) };
    }
  }

  /** Stops starting work; in-flight items are left as they are in the records, for the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shutdown.abort(new Error('the server is stopping'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    for (const set of this.waiters.values()) for (const wake of set) wake();
    this.store.close();
  }

  private pump(): void {
    if (this.closed || this.taskConcurrency === 0) return;
    for (const task of this.store.unfinished()) {
      if (this.running.size >= this.taskConcurrency) return;
      const kind = this.kinds.get(task.kind);
      if (!kind || this.running.has(task.id)) continue;
      const cancel = new AbortController();
      const done = runTask(kind, task.id, {
        store: this.store,
        deps: { services: this.options.services, ...this.options.stores(task.id) },
        logger: this.options.logger,
        retry: this.options.retry ?? DEFAULT_RETRY,
        itemConcurrency: this.options.itemConcurrency ?? 4,
        cancel: cancel.signal,
        shutdown: this.shutdown.signal,
        hooks: this.options.hooks ?? {},
        now: this.now,
        append: (event) => this.append(task.id, event),
        nestedProgress: (progress) => {
          if (progress) this.nested.set(task.id, progress);
          else this.nested.delete(task.id);
        },
      })
        .catch((error) => this.options.logger.error('queue', `task ${task.id}: ${describeError(error)}`))
        .finally(() => {
          this.running.delete(task.id);
          this.nested.delete(task.id);
          this.notify(task.id);
          this.pump();
        });
      this.running.set(task.id, { cancel, done });
    }
  }

  private append(taskId: string, event: RunEvent): void {
    if (this.closed && !this.store.db.open) return;
    this.store.appendEvent(taskId, event);
    this.notify(taskId);
  }

  private notify(taskId: string): void {
    for (const wake of this.waiters.get(taskId) ?? []) wake();
  }

  private waitFor(taskId: string, signal: AbortSignal): { promise: Promise<void>; cancel: () => void } {
    let set = this.waiters.get(taskId);
    if (!set) {
      set = new Set();
      this.waiters.set(taskId, set);
    }
    let wake = () => {};
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiters = set;
    const cancel = () => {
      waiters.delete(wake);
      signal.removeEventListener('abort', wake);
      if (waiters.size === 0) this.waiters.delete(taskId);
      wake();
    };
    signal.addEventListener('abort', wake, { once: true });
    waiters.add(wake);
    return { promise: promise.then(cancel), cancel };
  }
}

import type { RunEvent } from '../app/events.js';
import type { AnyTaskKind } from '../app/task.js';

/**
 * The service's queue, behind one interface with two backends: `memory` (in-process, records in
 * SQLite; `npm run serve` with nothing else installed) and `bullmq` (Redis; any number of
 * `worker` processes on any machines). A task is one TaskKind run (src/app/task.ts): its prepare
 * step, then its items (what is retried, counted and cancelled), then its finish step.
 * The task's state is derived from its items.
 */
export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Where a queued job is: BullMQ's states ('waiting-children': a task's finish waits for its items). */
export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'paused',
  'waiting-children',
  'failed',
  'completed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface TaskProgress {
  done: number;
  failed: number;
  total: number;
  stage: string;
}

export interface TaskRecord {
  id: string;
  kind: string;
  /** The user (token owner) who submitted it. */
  owner: string;
  state: TaskState;
  progress: TaskProgress;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why the task failed or was cancelled; null otherwise. */
  error: string | null;
  /** The finish step's result (plain JSON), once succeeded; undefined when not read (see TaskQueue.get). */
  result: unknown;
}

export interface TaskSubmission {
  id: string;
  kind: string;
  owner: string;
  /** The TaskKind's input, plain JSON; its files are already in the task's input store. */
  input: unknown;
  /** Items of this task in flight at once (the CLI's --concurrency); the backend's default when absent. */
  concurrency?: number;
}

export interface TaskEventRecord {
  /** 1, 2, 3, ... per task: the SSE id, for Last-Event-ID. */
  seq: number;
  event: RunEvent;
}

export interface TaskFilter {
  owner?: string;
  state?: TaskState;
  kind?: string;
  /** Page size and the cursor: tasks created before this id's task. */
  limit: number;
  before?: string;
}

export interface QueueHealth {
  ok: boolean;
  reason?: string;
}

export interface TaskQueue {
  readonly backend: 'memory' | 'redis';
  /** Durable before it resolves: a restart after this runs the task. */
  submit(task: TaskSubmission): Promise<TaskRecord>;
  /** `result: false`: the record without its result (undefined), which a backend need not read. */
  get(id: string, options?: { result?: boolean }): Promise<TaskRecord | null>;
  /** Newest first; a backend may leave the results out (undefined): a listing does not show them. */
  list(filter: TaskFilter): Promise<TaskRecord[]>;
  /** Queued items never start; running ones are aborted through their signal; finished ones keep their files. */
  cancel(id: string): Promise<TaskRecord | null>;
  /** Events after `afterSeq`, then live ones until the task ends or the signal fires. */
  events(id: string, afterSeq: number, signal: AbortSignal): AsyncIterable<TaskEventRecord>;
  /** Runs tasks of these kinds in this process until closed. */
  startWorker(kinds: AnyTaskKind[], options: { concurrency: number }): Promise<void>;
  health(): Promise<QueueHealth>;
  /** Tasks per state, for /metrics; a backend that cannot count cheaply leaves it out. */
  counts?(): Promise<Partial<Record<TaskState, number>>>;
  /** The queue's jobs per state, for /metrics; only a backend with a job queue (Redis) has it. */
  depth?(): Promise<Record<JobState, number>>;
  close(): Promise<void>;
}

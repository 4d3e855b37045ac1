import type { FileStore } from '../infra/storage/types.js';
import type { RunContext } from './context.js';
import type { EventError } from './events.js';
import type { Services } from './services.js';

/**
 * The one shape of batch work (a screening: one job, many resumes; a tailoring: one customer, many
 * resumes). The CLI runs it in-process through `runBatch` (src/batch); the service runs the same
 * three functions through the queue (memory or BullMQ: prepare, then every item as a child job,
 * then finish as their parent). So everything that crosses from one step to the next is plain
 * JSON: a plan, item inputs, item results.
 *
 * - prepare: once per task, before any item starts (read the job, research the customer, check a
 *   template); a failure here fails the task.
 * - runItem: once per item, any number at once, possibly on another machine, possibly again after
 *   a crash: it writes its files through `files.writeOnce`/`write` keyed by the item id, so a
 *   second run of the same item writes nothing twice. A throw is that item's failure only.
 * - finish: once, with every item's outcome (ranking, summary, review page).
 */
export interface TaskItem<I> {
  /** Stable within the task; used in file names and as the queue's job id. */
  id: string;
  /** For people: the file name, the person. */
  label: string;
  input: I;
}

export type ItemOutcome<R> =
  | { id: string; label: string; ok: true; value: R }
  | { id: string; label: string; ok: false; error: EventError };

export interface TaskDeps {
  services: Services;
  /** The task's inputs (uploaded or given files), read by name. */
  inputs: FileStore;
  /** The task's results. */
  files: FileStore;
}

export interface Prepared<P, I> {
  plan: P;
  items: TaskItem<I>[];
  /** Inputs passed over before any item ran (duplicates, unsupported files), with their reasons. */
  skipped?: { id: string; label: string; reason: string }[];
}

export interface TaskKind<In, P, I, R, Out> {
  readonly kind: string;
  prepare(input: In, deps: TaskDeps, ctx: RunContext): Promise<Prepared<P, I>>;
  runItem(plan: P, item: TaskItem<I>, deps: TaskDeps, ctx: RunContext): Promise<R>;
  finish(plan: P, outcomes: ItemOutcome<R>[], deps: TaskDeps, ctx: RunContext): Promise<Out>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds kinds of every type.
export type AnyTaskKind = TaskKind<any, any, any, any, any>;

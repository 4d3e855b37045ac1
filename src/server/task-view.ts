import { z } from 'zod';
import type { TaskRecord } from '../queue/types.js';
import type { ServerContext } from './context.js';

export const TaskState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const FileEntryView = z.object({ name: z.string(), size: z.number(), url: z.string() });

export const TaskView = z.object({
  id: z.string(),
  kind: z.string(),
  state: TaskState,
  progress: z.object({ done: z.number(), failed: z.number(), total: z.number(), stage: z.string() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  files: z.array(FileEntryView).optional(),
  result: z.unknown().optional(),
  /** True when the result came from an earlier task with the same inputs. */
  cached: z.boolean().optional(),
});
export type TaskView = z.infer<typeof TaskView>;

export const ProblemView = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  field: z.string().optional(),
  received: z.unknown().optional(),
});

type FileList = { name: string; size: number }[];
const LISTINGS_KEPT = 1_000;
const listings = new WeakMap<ServerContext, Map<string, { key: string; files: Promise<FileList> }>>();

/**
 * A task's files, listed again only when its record moved (an item ended, a stage changed, it
 * finished): listing walks the task's folder with a stat per file, and 100 clients polling a
 * running task must not repeat that walk on every poll. Files that running items are writing
 * show up with the next change of progress.
 */
function filesOf(ctx: ServerContext, record: TaskRecord): Promise<FileList> {
  let cache = listings.get(ctx);
  if (!cache) {
    cache = new Map();
    listings.set(ctx, cache);
  }
  const { progress: p } = record;
  const key = `${record.state}|${p.stage}|${p.done}|${p.failed}|${p.total}|${record.finishedAt}`;
  const hit = cache.get(record.id);
  if (hit?.key === key) return hit.files;
  const files = ctx.stores(record.id).files.list();
  cache.delete(record.id);
  cache.set(record.id, { key, files });
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size > LISTINGS_KEPT) cache.delete(cache.keys().next().value as string);
  files.catch(() => cache.delete(record.id));
  return files;
}

/** A task as the API shows it; the result and files only when asked (a task's own page). */
export async function taskView(
  ctx: ServerContext,
  record: TaskRecord,
  detail: { files?: boolean; result?: boolean } = {},
): Promise<TaskView> {
  const { owner: _owner, result, ...rest } = record;
  const view: TaskView = { ...rest };
  if (detail.files) {
    const files = await filesOf(ctx, record);
    view.files = files.map((f) => ({
      ...f,
      url: `/api/tasks/${record.id}/files/${f.name.split('/').map(encodeURIComponent).join('/')}`,
    }));
  }
  if (detail.result) view.result = result ?? null;
  return view;
}

const TERMINAL = new Set<string>(['succeeded', 'failed', 'cancelled']);
const FINISHED_KEPT = 64;
const finishedBodies = new WeakMap<ServerContext, Map<string, { key: string; body: Buffer }>>();

/**
 * `GET /api/tasks/{id}` for a record read without its result: O(1) in the task's size. An
 * unfinished task is its record and progress (its files so far are at /files: listing them on
 * every poll walked the task's folder and sent the list again each time). A finished task's
 * answer, with its files and result, does not change, so it is built once (the result read and
 * the files listed once) and kept as JSON bytes; a poll then costs one row read and a write.
 * Kept only once the result is in: a cancelled task's finish step may still be writing it.
 */
export async function taskStatus(ctx: ServerContext, record: TaskRecord): Promise<TaskView | Buffer> {
  if (!TERMINAL.has(record.state)) return taskView(ctx, record);
  let cache = finishedBodies.get(ctx);
  if (!cache) {
    cache = new Map();
    finishedBodies.set(ctx, cache);
  }
  const key = `${record.state}|${record.finishedAt}`;
  const hit = cache.get(record.id);
  if (hit?.key === key) return hit.body;
  const full = (await ctx.queue.get(record.id)) ?? record;
  const view = await taskView(ctx, full, { files: true, result: true });
  const body = Buffer.from(JSON.stringify(TaskView.parse(view)));
  if (full.state !== 'cancelled' || (full.result !== null && full.result !== undefined)) {
    cache.delete(record.id);
    cache.set(record.id, { key: `${full.state}|${full.finishedAt}`, body });
    if (cache.size > FINISHED_KEPT) cache.delete(cache.keys().next().value as string);
  }
  return body;
}

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

/** A task as the API shows it; the result and files only when asked (a task's own page). */
export async function taskView(
  ctx: ServerContext,
  record: TaskRecord,
  detail: { files?: boolean; result?: boolean } = {},
): Promise<TaskView> {
  const { owner: _owner, result, ...rest } = record;
  const view: TaskView = { ...rest };
  if (detail.files) {
    const files = await ctx.stores(record.id).files.list();
    view.files = files.map((f) => ({
      ...f,
      url: `/api/tasks/${record.id}/files/${f.name.split('/').map(encodeURIComponent).join('/')}`,
    }));
  }
  if (detail.result) view.result = result ?? null;
  return view;
}

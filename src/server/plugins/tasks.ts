import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownTask, type ServerContext, userOf } from '../context.js';
import type { KindRoute } from '../kinds.js';
import { HttpProblem } from '../problem.js';
import { ProblemView, TaskState, TaskView, taskStatus, taskView } from '../task-view.js';
import { assertKnownFields, FIELD_BYTES, formHash, readForm } from '../upload.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** POST of work (one route per kind), the caller's list, one task, cancel. */
export async function tasksPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const route of ctx.routes) {
    api.post(
      route.path,
      {
        schema: {
          summary: route.summary,
          tags: ['tasks'],
          consumes: ['multipart/form-data'],
          description: `multipart/form-data fields: ${Object.entries(route.fields)
            .map(([k, v]) => `\`${k}\`: ${v}`)
            .join('; ')}. Headers: Idempotency-Key, Prefer: respond-async.`,
          response: { 200: TaskView, 202: TaskView, 400: ProblemView, 409: ProblemView, 422: ProblemView },
        },
      },
      (request, reply) => submit(ctx, route, request, reply),
    );
  }

  api.get(
    '/api/tasks',
    {
      schema: {
        summary: 'My tasks, newest first',
        tags: ['tasks'],
        // Strict: a misspelt filter is refused, not ignored (the client would see every task).
        querystring: z.strictObject({
          state: TaskState.optional(),
          kind: z.string().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          before: z.string().min(1).optional(),
        }),
        response: { 200: z.object({ tasks: z.array(TaskView), next: z.string().nullable() }) },
      },
    },
    async (request) => {
      const user = userOf(ctx, request);
      const { limit, ...filter } = request.query;
      const records = await ctx.queue.list({
        ...filter,
        limit: limit + 1,
        ...(user.admin ? {} : { owner: user.name }),
      });
      const page = records.slice(0, limit);
      const tasks = await Promise.all(page.map((r) => taskView(ctx, r)));
      return { tasks, next: records.length > limit ? (page.at(-1)?.id ?? null) : null };
    },
  );

  api.get(
    '/api/tasks/:id',
    {
      schema: {
        summary: 'A task: state and progress; once finished, also its files and result',
        tags: ['tasks'],
        params: IdParams,
        response: { 200: TaskView, 404: ProblemView },
      },
    },
    async (request, reply) => {
      const status = await taskStatus(ctx, await ownTask(ctx, request, request.params.id));
      // A finished task's answer is JSON already (built once): sent as it is, not serialized again.
      // (Bytes are not the schema's type: the untyped reply sends them, the serializer skips them.)
      if (Buffer.isBuffer(status)) {
        return (reply as FastifyReply).type('application/json; charset=utf-8').send(status);
      }
      return status;
    },
  );

  api.delete(
    '/api/tasks/:id',
    {
      schema: {
        summary: 'Cancel a task',
        tags: ['tasks'],
        params: IdParams,
        response: { 200: TaskView, 404: ProblemView },
      },
    },
    async (request) => {
      const task = await ownTask(ctx, request, request.params.id);
      const record = (await ctx.queue.cancel(task.id)) ?? task;
      return taskView(ctx, record, { files: true });
    },
  );
}

async function submit(ctx: ServerContext, route: KindRoute, request: FastifyRequest, reply: FastifyReply) {
  const user = userOf(ctx, request);
  const form = await readForm(request, {
    maxUploadBytes: ctx.config.serve.max_upload_bytes,
    maxFiles: ctx.config.serve.max_files,
    maxFieldBytes: FIELD_BYTES,
  });
  assertKnownFields(form, Object.keys(route.fields));
  const key = request.headers['idempotency-key'];
  const idempotencyKey = typeof key === 'string' && key.length > 0 ? key.slice(0, 200) : null;
  if (idempotencyKey) {
    const claim = ctx.db.claim(user.name, idempotencyKey, formHash(form, route.path));
    if (claim.kind === 'other-body') {
      throw new HttpProblem(422, 'Unprocessable Content', 'this Idempotency-Key was used with another body', {
        field: 'idempotency-key',
        received: idempotencyKey,
      });
    }
    if (claim.kind === 'in-progress') {
      throw new HttpProblem(
        409,
        'Conflict',
        'a request with this Idempotency-Key is still being accepted; try again shortly',
        {
          field: 'idempotency-key',
          received: idempotencyKey,
          retryAfterSeconds: 1,
        },
      );
    }
    if (claim.kind === 'same') return answer(ctx, reply, claim.taskId, false);
  }
  try {
    const cacheKey = createHash('sha256')
      .update(`${ctx.promptVersion}\0${route.kind.kind}\0${formHash(form)}`)
      .digest('hex');
    const hit = route.cacheable === false ? null : await cachedTask(ctx, user.name, cacheKey);
    if (hit) {
      ctx.metrics.cacheHits.inc({ kind: route.kind.kind });
      if (idempotencyKey) ctx.db.bind(user.name, idempotencyKey, hit);
      const view = await taskView(ctx, (await ctx.queue.get(hit))!, { files: true, result: true });
      return reply
        .code(200)
        .header('location', `/api/tasks/${hit}`)
        .send({ ...view, cached: true });
    }
    const id = randomUUID();
    let submission: Awaited<ReturnType<KindRoute['build']>>;
    try {
      submission = await route.build(form, ctx.stores(id).inputs, {
        llmAvailable: ctx.llmAvailable,
        http: ctx.http,
        owner: user.name,
        zipLimits: { maxTotalBytes: ctx.config.serve.max_unzipped_bytes },
      });
      await ctx.queue.submit({
        id,
        kind: route.kind.kind,
        owner: user.name,
        input: submission.input,
        ...(submission.concurrency ? { concurrency: submission.concurrency } : {}),
      });
    } catch (error) {
      await discardInputs(ctx, id);
      throw error;
    }
    if (route.cacheable !== false) ctx.db.remember(user.name, cacheKey, id);
    if (idempotencyKey) ctx.db.bind(user.name, idempotencyKey, id);
    const sync =
      submission.items <= ctx.config.serve.sync_max &&
      !/respond-async/i.test(String(request.headers.prefer ?? ''));
    return answer(ctx, reply, id, sync);
  } catch (error) {
    if (idempotencyKey) ctx.db.release(user.name, idempotencyKey);
    throw error;
  }
}

/**
 * A refused submission's files, written before the refusal: no task will ever own or expire them,
 * so refused uploads cannot fill the disk. On Redis they expire with serve.results_ttl.
 */
async function discardInputs(ctx: ServerContext, id: string): Promise<void> {
  if (ctx.queue.backend !== 'memory') return;
  const task = await ctx.queue.get(id).catch(() => null);
  // Best effort: a cleanup that fails (the disk the submission could not write to) must not
  // hide the submission's own error.
  if (!task) await rm(path.join(ctx.dataDir, 'tasks', id), { recursive: true, force: true }).catch(() => {});
}

/** The earlier task with the same inputs, if it succeeded within serve.cache_ttl. */
async function cachedTask(ctx: ServerContext, owner: string, cacheKey: string): Promise<string | null> {
  const earlier = ctx.db.cached(owner, cacheKey);
  if (!earlier || ctx.config.serve.cache_ttl === 0) return null;
  const task = await ctx.queue.get(earlier);
  if (task?.state !== 'succeeded' || !task.finishedAt) return null;
  return Date.now() - Date.parse(task.finishedAt) <= ctx.config.serve.cache_ttl ? earlier : null;
}

/** 200 with the result once done (small work), else 202 with Location at once. */
async function answer(ctx: ServerContext, reply: FastifyReply, id: string, sync: boolean) {
  reply.header('location', `/api/tasks/${id}`);
  if (sync) {
    const stop = new AbortController();
    reply.raw.once('close', () => stop.abort());
    for await (const _ of ctx.queue.events(id, 0, stop.signal)) {
      // Drained to the end: run-finished is the last event.
    }
  }
  const record = await ctx.queue.get(id);
  if (!record) throw new HttpProblem(500, 'Internal Server Error', `task ${id} vanished`);
  const done = ['succeeded', 'failed', 'cancelled'].includes(record.state);
  const view = await taskView(ctx, record, { files: done, result: done });
  return reply.code(done ? 200 : 202).send(view);
}

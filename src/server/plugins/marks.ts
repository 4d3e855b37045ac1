import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MatchTaskSummary } from '../../pipeline/kind.js';
import { ownTask, type ServerContext, userOf } from '../context.js';
import { MARKS } from '../marks.js';
import { HttpProblem } from '../problem.js';
import { ProblemView } from '../task-view.js';

const Candidate = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a candidate id like "default" or "dana"');
const MarkParams = z.object({ candidate: Candidate, jobId: z.string().min(1).max(200) });
const MarkView = z.object({ candidate: z.string(), jobId: z.string(), mark: z.enum(MARKS), at: z.string() });
const ReviewView = z.object({
  taskId: z.string(),
  candidates: z.array(
    z.object({
      candidate: z.string(),
      runId: z.string(),
      applications: z.array(
        z.object({
          id: z.string(),
          company: z.string(),
          title: z.string(),
          score: z.number(),
          folder: z.string(),
          mark: z.enum(MARKS).nullable(),
        }),
      ),
    }),
  ),
});

/**
 * A match run's review (its applications with the reviewer's marks) and the marks themselves:
 * per user and candidate, kept in SQLite; "not_interested" keeps a job out of later runs.
 */
export async function marksPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/tasks/:id/review',
    {
      schema: {
        summary: "A match run's applications with their marks",
        tags: ['marks'],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: ReviewView, 404: ProblemView, 409: ProblemView },
      },
    },
    async (request) => {
      const task = await ownTask(ctx, request, request.params.id, { result: true });
      if (task.kind !== 'match') {
        throw new HttpProblem(409, 'Conflict', `task ${task.id} is a ${task.kind}, not a match run`, {
          field: 'id',
          received: task.id,
        });
      }
      const summary = task.result as MatchTaskSummary | null;
      const candidates = (summary?.candidates ?? []).map((c) => {
        const marks = new Map(ctx.marks.list(task.owner, c.candidate).map((m) => [m.jobId, m.mark]));
        return {
          candidate: c.candidate,
          runId: c.runId,
          applications: c.applications.map((a) => ({ ...a, mark: marks.get(a.id) ?? null })),
        };
      });
      return { taskId: task.id, candidates };
    },
  );

  api.get(
    '/api/candidates/:candidate/marks',
    {
      schema: {
        summary: "My marks on a candidate's applications",
        tags: ['marks'],
        params: z.object({ candidate: Candidate }),
        response: { 200: z.object({ marks: z.array(MarkView) }) },
      },
    },
    async (request) => ({ marks: ctx.marks.list(userOf(ctx, request).name, request.params.candidate) }),
  );

  api.put(
    '/api/candidates/:candidate/marks/:jobId',
    {
      schema: {
        summary: 'Mark an application applied or not interested (never proposed again)',
        tags: ['marks'],
        params: MarkParams,
        body: z.strictObject({ mark: z.enum(MARKS) }),
        response: { 200: MarkView, 400: ProblemView },
      },
    },
    async (request) => {
      const { candidate, jobId } = request.params;
      return ctx.marks.set(userOf(ctx, request).name, candidate, jobId, request.body.mark);
    },
  );

  api.delete(
    '/api/candidates/:candidate/marks/:jobId',
    {
      schema: {
        summary: 'Clear a mark',
        tags: ['marks'],
        params: MarkParams,
        response: { 204: z.null(), 404: ProblemView },
      },
    },
    async (request, reply) => {
      const { candidate, jobId } = request.params;
      if (!ctx.marks.clear(userOf(ctx, request).name, candidate, jobId)) {
        throw new HttpProblem(404, 'Not Found', `no mark on ${candidate}/${jobId}`);
      }
      return reply.code(204).send(null);
    },
  );
}

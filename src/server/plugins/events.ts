import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownTask, type ServerContext } from '../context.js';
import { API_CSP, SECURITY_HEADERS } from './security-headers.js';

/** Server-sent events of a task, resumable with Last-Event-ID; the stream ends with run-finished. */
export async function eventsPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/tasks/:id/events',
    {
      schema: {
        summary: "A task's progress as server-sent events (Last-Event-ID resumes)",
        tags: ['tasks'],
        params: z.object({ id: z.string() }),
        headers: z.object({ 'last-event-id': z.coerce.number().int().min(0).optional() }).loose(),
      },
    },
    async (request, reply) => {
      const task = await ownTask(ctx, request, request.params.id);
      const after = request.headers['last-event-id'] ?? 0;
      const stop = new AbortController();
      reply.raw.once('close', () => stop.abort());
      reply.hijack();
      // Hijacked: the onSend hook that sets these on every other reply does not run here.
      reply.raw.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-security-policy': API_CSP,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 2000\n\n');
      const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
      try {
        for await (const record of ctx.queue.events(task.id, Number(after), stop.signal)) {
          reply.raw.write(
            `id: ${record.seq}\nevent: ${record.event.type}\ndata: ${JSON.stringify(record.event)}\n\n`,
          );
        }
      } finally {
        clearInterval(keepAlive);
        reply.raw.end();
      }
    },
  );
}

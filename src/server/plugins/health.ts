import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeError } from '../../errors.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem.js';

/** /healthz (alive), /readyz (database, queue, data folder), /metrics (Prometheus). */
export async function healthPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const open = { config: { rateLimit: false }, schema: { hide: true } } as const;
  app.get('/healthz', open, async () => ({ ok: true }));

  app.get('/readyz', open, async (_request, reply) => {
    const problems: string[] = [];
    try {
      ctx.db.db.prepare('SELECT 1').get();
    } catch (error) {
      problems.push(`database: ${describeError(error)}`);
    }
    const queue = await ctx.queue.health();
    if (!queue.ok) problems.push(`queue: ${queue.reason ?? 'not usable'}`);
    try {
      const probe = path.join(ctx.dataDir, `.ready-${randomBytes(4).toString('hex')}`);
      await mkdir(ctx.dataDir, { recursive: true });
      await writeFile(probe, 'ok');
      await rm(probe);
    } catch (error) {
      problems.push(`data folder ${ctx.dataDir}: ${describeError(error)}`);
    }
    if (problems.length > 0) {
      return sendProblem(reply, 503, 'Service Unavailable', problems.join('; '), { problems });
    }
    return { ok: true, queue: ctx.queue.backend };
  });

  app.get('/metrics', open, async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(text);
  });
}

import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import { ownTask, type ServerContext } from '../context.js';
import { notFound } from '../problem.js';
import { FileEntryView, ProblemView, taskView } from '../task-view.js';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Content-Disposition for any file name: an ASCII fallback, and the name as given in UTF-8
 * (RFC 6266/5987), since a header may not carry raw non-Latin-1 characters.
 */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** A task's files, one file, and all of them as a zip. */
export async function filesPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/tasks/:id/files',
    {
      schema: {
        summary: "A task's files",
        tags: ['files'],
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ files: z.array(FileEntryView) }), 404: ProblemView },
      },
    },
    async (request) => {
      const task = await ownTask(ctx, request, request.params.id);
      return { files: (await taskView(ctx, task, { files: true })).files ?? [] };
    },
  );

  api.get(
    '/api/tasks/:id/files/*',
    {
      schema: {
        summary: 'One file of a task',
        tags: ['files'],
        params: z.object({ id: z.string(), '*': z.string() }),
      },
    },
    async (request, reply) => {
      const task = await ownTask(ctx, request, request.params.id);
      const name = request.params['*'];
      let data: Buffer | null = null;
      try {
        data = await ctx.stores(task.id).files.read(name);
      } catch {
        // A name that climbs out of the folder is refused by the store: simply not a file here.
      }
      if (!data) throw notFound(`file ${name}`);
      const type = TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
      // A review page may quote a job or a resume: it is shown with no script, no form, no fetch.
      reply.header(
        'content-security-policy',
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
      );
      reply.header('x-content-type-options', 'nosniff');
      if (!type.startsWith('text/html')) {
        reply.header('content-disposition', attachment(path.basename(name)));
      }
      return reply.type(type).send(data);
    },
  );

  api.get(
    '/api/tasks/:id/download.zip',
    {
      schema: {
        summary: "All of a task's files as a zip",
        tags: ['files'],
        params: z.object({ id: z.string() }),
      },
    },
    async (request, reply) => {
      const task = await ownTask(ctx, request, request.params.id);
      const files = ctx.stores(task.id).files;
      const zip = new ZipFile();
      for (const entry of await files.list()) {
        const data = await files.read(entry.name);
        if (data) zip.addBuffer(data, entry.name);
      }
      zip.end();
      reply.header('content-disposition', `attachment; filename="${task.kind}-${task.id}.zip"`);
      return reply.type('application/zip').send(zip.outputStream);
    },
  );
}

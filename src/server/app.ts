import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerContext } from './context.js';
import { adminQueuesPlugin } from './plugins/admin-queues.js';
import { errorsPlugin } from './plugins/errors.js';
import { eventsPlugin } from './plugins/events.js';
import { filesPlugin } from './plugins/files.js';
import { healthPlugin } from './plugins/health.js';
import { marksPlugin } from './plugins/marks.js';
import { docsCsp, securityHeadersPlugin } from './plugins/security-headers.js';
import { tasksPlugin } from './plugins/tasks.js';
import { webPlugin } from './plugins/web.js';
import { FIELD_BYTES } from './upload.js';

/**
 * The HTTP service: one plugin per concern. The caller owns the queue and the database and closes
 * them after `app.close()`.
 */
export async function buildServer(ctx: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', null);
  await errorsPlugin(app, ctx.logger);
  await securityHeadersPlugin(app);

  await app.register(multipart, {
    limits: {
      fileSize: ctx.config.serve.max_upload_bytes,
      files: ctx.config.serve.max_files,
      fields: 50,
      fieldSize: FIELD_BYTES,
    },
    throwFileSizeLimit: true,
  });
  await app.register(rateLimit, {
    max: ctx.config.serve.rate_limit_per_minute,
    timeWindow: 60_000,
    // Per token: the token's id when it is valid, else the address (so guessing is limited too).
    keyGenerator: (request) => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const user = token ? ctx.db.verify(token) : null;
      // Kept for the route (userOf): the token is checked once per request, not twice.
      if (user) request.user = user;
      return user ? `token:${user.tokenId}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `more than ${context.max} requests per minute; try again in ${context.after}`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'job-matcher',
        version: '1',
        description: 'Screenings, tailorings and match runs over HTTP',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      security: [{ token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );

  await tasksPlugin(app, ctx);
  await filesPlugin(app, ctx);
  await eventsPlugin(app, ctx);
  await healthPlugin(app, ctx);
  await marksPlugin(app, ctx);
  await webPlugin(app);
  await adminQueuesPlugin(app, ctx);
  return app;
}

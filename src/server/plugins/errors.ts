import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  ConfigError,
  describeError,
  JobMatcherError,
  OutputError,
  QueueUnavailableError,
  StorageUnwritableError,
  TemplateError,
  UsageError,
} from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { HttpProblem, sendProblem } from '../problem.js';

/** A URL's user and password out of a message (a Redis URL in a connection error). */
export const redactCredentials = (text: string): string => text.replace(/\/\/[^@/\s]*@/g, '//');

/** Every error as application/problem+json, naming the field and what was received. */
export async function errorsPlugin(app: FastifyInstance, logger: Logger): Promise<void> {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'Not Found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      const { retryAfterSeconds, ...extra } = error.extra;
      if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
      return sendProblem(reply, error.status, error.title, error.message, extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      // An unknown key is named by the key itself (zod reports it on the object that holds it).
      const unknownKeys = first?.params?.['keys'];
      const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const field = Array.isArray(unknownKeys)
        ? [path, String(unknownKeys[0])].filter(Boolean).join('.')
        : path || String(first?.params?.['issue'] ?? '');
      return sendProblem(
        reply,
        400,
        'Bad Request',
        `${error.validationContext ?? 'request'}: ${field}: ${first?.message}`,
        {
          field,
          errors: error.validation.map((v) => ({ field: v.instancePath, message: v.message })),
        },
      );
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof TemplateError) {
      return sendProblem(reply, 400, 'Bad Request', error.message);
    }
    if (error instanceof OutputError) return sendProblem(reply, 400, 'Bad Request', error.message);
    // Redis away: nothing was accepted; the client tries again later, never left hanging.
    if (error instanceof QueueUnavailableError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, 503, 'Service Unavailable', error.message);
    }
    // The data folder or Redis refuses writes: nothing was accepted; the operator has to act.
    if (error instanceof StorageUnwritableError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
      return sendProblem(reply, 507, 'Insufficient Storage', error.message, { code: error.code });
    }
    const status = error.statusCode ?? 500;
    // Fastify's body parsers (malformed JSON, a body over the limit, a type no route reads): the body.
    const field = error.code?.startsWith('FST_ERR_CTP_') ? { field: 'body' } : {};
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      return sendProblem(reply, 413, 'Content Too Large', error.message, { field: 'body', ...field });
    }
    if (status === 429) {
      return sendProblem(reply, 429, 'Too Many Requests', error.message);
    }
    if (status >= 400 && status < 500) {
      const detail = field.field ? `body: ${error.message}` : error.message;
      return sendProblem(
        reply,
        status,
        status === 415 ? 'Unsupported Media Type' : 'Bad Request',
        detail,
        field,
      );
    }
    // Fastify's own logger is off: the server's logger is where "see the server log" points.
    logger.error(
      'serve',
      redactCredentials(`${request.method} ${request.url.split('?')[0]}: ${describeError(error)}`),
    );
    const detail =
      error instanceof JobMatcherError
        ? redactCredentials(error.message)
        : 'unexpected error; see the server log';
    return sendProblem(reply, 500, 'Internal Server Error', detail);
  });
}

import type { FastifyReply } from 'fastify';

/**
 * An HTTP failure as RFC 9457 problem+json: the status, a title, what went wrong, and (for bad
 * input) the field and what was received. Only src/server speaks HTTP status codes.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: { field?: string; received?: unknown; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, instance: reply.request.url, ...extra });
}

export const notFound = (what: string) => new HttpProblem(404, 'Not Found', `${what} not found`);

import type { FastifyRequest } from 'fastify';
import type { HttpClient } from '../infra/http/client.js';
import type { Logger } from '../infra/logger.js';
import type { FileStore } from '../infra/storage/types.js';
import type { TaskQueue, TaskRecord } from '../queue/types.js';
import type { AuthGuard } from './auth-guard.js';
import type { ServeFileConfig } from './config.js';
import type { ServerDb, User } from './db.js';
import type { KindRoute } from './kinds.js';
import type { MarkStore } from './marks.js';
import type { ServerMetrics } from './metrics.js';
import { HttpProblem, notFound } from './problem.js';

/** What every route plugin of the server is given. */
export interface ServerContext {
  config: ServeFileConfig;
  queue: TaskQueue;
  db: ServerDb;
  /** Wrong tokens per client address (serve.auth_failures_per_minute). */
  authGuard: AuthGuard;
  stores(taskId: string): { inputs: FileStore; files: FileStore };
  routes: KindRoute[];
  metrics: ServerMetrics;
  logger: Logger;
  /** Where the task folders are; /readyz checks that it is writable. */
  dataDir: string;
  /** True when a model is configured (OPENAI_API_KEY set): `llm: true` is refused otherwise. */
  llmAvailable: boolean;
  /** The services' HTTP client (address guard on): submitted URLs are tried with it. */
  http: HttpClient;
  /** Reviewers' marks on match runs' applications. */
  marks: MarkStore;
  /** Bumped when the result cache's inputs change meaning (prompts, scoring). */
  promptVersion: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

/** The caller, from `Authorization: Bearer <token>`; 401 without a valid one. */
export function userOf(ctx: ServerContext, request: FastifyRequest): User {
  // Blocked first, also for a right token the rate limiter already verified: a guesser must not
  // tell a hit from a miss.
  const wait = ctx.authGuard.blockedFor(request.ip);
  if (wait > 0) {
    throw new HttpProblem(
      429,
      'Too Many Requests',
      `too many wrong tokens from this address; try again in ${wait} s`,
      { field: 'authorization', retryAfterSeconds: wait },
    );
  }
  if (request.user) return request.user;
  const header = request.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const user = token ? ctx.db.verify(token) : null;
  if (!user) {
    // No header at all is a client that has not signed in yet, not a guess.
    if (header) ctx.authGuard.fail(request.ip);
    throw new HttpProblem(401, 'Unauthorized', 'send a valid API token as "Authorization: Bearer <token>"', {
      field: 'authorization',
      received: header ? 'an unknown or revoked token' : null,
    });
  }
  request.user = user;
  return user;
}

/**
 * The task when the caller may see it; another user's task is simply not there (404). Its result
 * only when asked (`result: true`): it grows with the task, and most routes do not show it.
 */
export async function ownTask(
  ctx: ServerContext,
  request: FastifyRequest,
  id: string,
  options: { result?: boolean } = {},
): Promise<TaskRecord> {
  const user = userOf(ctx, request);
  const task = await ctx.queue.get(id, { result: options.result === true });
  if (!task || (task.owner !== user.name && !user.admin)) throw notFound(`task ${id}`);
  return task;
}

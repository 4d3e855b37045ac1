import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../../errors.js';
import type { BullmqQueue } from '../../queue/bullmq/bullmq-queue.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { PAGE_CSP } from './web.js';

const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export const BOARD_PATH = '/admin/queues';
export const BOARD_COOKIE = 'jm_board';
/** How long a browser session of the board lasts; then the admin signs in again. */
export const BOARD_SESSION_MS = 15 * 60_000;

const WEB = path.join(import.meta.dirname, '../web');
/** The board's own sign-in: a page and its script, reachable without a session. */
const OPEN = new Set([`${BOARD_PATH}/login`, `${BOARD_PATH}/login.js`, `${BOARD_PATH}/session`]);

const bearerOf = (request: FastifyRequest): string | null =>
  /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;

function cookieOf(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/**
 * Bull Board at /admin/queues, for admin tokens only, when the queue is on Redis (the embedded
 * queue has no board: 404). The board's API takes the admin token as `Authorization: Bearer`; a
 * browser, which cannot add that header to a page load, signs in at /admin/queues/login: its
 * script POSTs the token to /admin/queues/session and gets a 15-minute HttpOnly, SameSite=Strict
 * cookie scoped to /admin/queues (a revoked token ends its sessions at once).
 */
export async function adminQueuesPlugin(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  if (ctx.queue.backend !== 'redis') return;
  const queue = ctx.queue as BullmqQueue;
  // Loaded only when the board is served: the embedded queue's server never pays for it.
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const [loginPage, loginScript] = await Promise.all([
    readFile(path.join(WEB, 'board-login.html')),
    readFile(path.join(WEB, 'board-login.js')),
  ]);
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue.bull)],
    // @bull-board/fastify pins its own @bull-board/api; where npm left two copies, their class
    // types differ by a private field, though the adapter works with either at run time.
    serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'job-matcher queue' } },
  });

  /** 401 without a valid token or session, 403 for a token that is not an admin's; else null. */
  const refusal = async (request: FastifyRequest): Promise<[number, string, string] | null> => {
    const token = bearerOf(request);
    if (token) {
      const user = ctx.db.verify(token);
      if (!user) return [401, 'Unauthorized', 'the API token is unknown or revoked'];
      return user.admin ? null : [403, 'Forbidden', 'the queue board is for admin tokens only'];
    }
    const secret = cookieOf(request, BOARD_COOKIE);
    const tokenId = secret ? await queue.boardSessions.tokenOf(secret) : null;
    const active =
      tokenId === null ? undefined : ctx.db.listTokens().find((t) => t.id === tokenId && !t.revokedAt);
    if (active?.admin) return null;
    return [
      401,
      'Unauthorized',
      `send an admin token as "Authorization: Bearer <token>", or sign in at ${BOARD_PATH}/login`,
    ];
  };

  const cookie = (request: FastifyRequest, value: string, maxAgeSeconds: number): string =>
    [
      `${BOARD_COOKIE}=${value}`,
      `Path=${BOARD_PATH}`,
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(request.protocol === 'https' ? ['Secure'] : []),
    ].join('; ');

  await app.register(async (scope) => {
    // The board is a page with its own scripts and styles: the API's CSP (load nothing) would
    // leave it blank, and it sets a <base> for its assets. Its own: this server only, framed nowhere.
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', BOARD_CSP);
      return payload;
    });
    scope.addHook('onRequest', async (request, reply) => {
      if (OPEN.has(request.url.split('?')[0] ?? '')) return;
      let refused: [number, string, string] | null;
      try {
        refused = await refusal(request);
      } catch (error) {
        reply.header('retry-after', '5');
        return sendProblem(reply, 503, 'Service Unavailable', `queue board: ${describeError(error)}`);
      }
      if (refused) return sendProblem(reply, refused[0], refused[1], refused[2], { field: 'authorization' });
    });

    const page = (reply: FastifyReply, type: string, body: Buffer) =>
      reply
        .header('content-security-policy', PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .type(type)
        .send(body);
    const hidden = { schema: { hide: true } } as const;
    scope.get(`${BOARD_PATH}/login`, hidden, (_request, reply) =>
      page(reply, 'text/html; charset=utf-8', loginPage),
    );
    scope.get(`${BOARD_PATH}/login.js`, hidden, (_request, reply) =>
      page(reply, 'text/javascript; charset=utf-8', loginScript),
    );
    scope.post(`${BOARD_PATH}/session`, hidden, async (request, reply) => {
      const token = bearerOf(request);
      const user = token ? ctx.db.verify(token) : null;
      if (!user) {
        return sendProblem(
          reply,
          401,
          'Unauthorized',
          'send an admin token as "Authorization: Bearer <token>"',
          {
            field: 'authorization',
          },
        );
      }
      if (!user.admin) {
        return sendProblem(reply, 403, 'Forbidden', 'the queue board is for admin tokens only', {
          field: 'authorization',
        });
      }
      const secret = await queue.boardSessions.open(user.tokenId, BOARD_SESSION_MS);
      return reply
        .header('set-cookie', cookie(request, secret, BOARD_SESSION_MS / 1000))
        .code(204)
        .send();
    });
    scope.delete(`${BOARD_PATH}/session`, hidden, async (request, reply) => {
      const secret = cookieOf(request, BOARD_COOKIE);
      if (secret) await queue.boardSessions.close(secret);
      return reply
        .header('set-cookie', cookie(request, '', 0))
        .code(204)
        .send();
    });
    await scope.register(adapter.registerPlugin(), { prefix: BOARD_PATH });
  });
}

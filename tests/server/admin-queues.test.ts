import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../src/infra/browser.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { ServeFileConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/start.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { testServices } from '../helpers/services.js';

const start = (config: unknown, dataDir: string) =>
  startServer({
    config: ServeFileConfig.parse(config),
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logger: new MemoryLogger(),
    env: {},
    services: testServices(),
    noWorker: (config as { queue?: unknown }).queue !== undefined,
  });

describe('Bull Board at /admin/queues on queue.backend redis (real redis-server, real HTTP)', () => {
  let redis: TestRedis;
  let dataDir: string;
  let server: RunningServer;
  let tokens: { user: string; admin: string };
  const get = (pathname: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${pathname}`, { headers, redirect: 'manual' });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = await mkdtemp(path.join(tmpdir(), 'jm-board-'));
    server = await start({ queue: { backend: 'redis', redis_url: redis.url } }, dataDir);
    tokens = {
      user: server.ctx.db.createToken('alice', false).token,
      admin: server.ctx.db.createToken('root', true).token,
    };
  });
  afterAll(async () => {
    await server?.close();
    await redis?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('an admin token sees the board page and its API; a user token gets 403, no token 401', async () => {
    const page = await get('/admin/queues', bearer(tokens.admin));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('job-matcher queue');
    const api = await get('/admin/queues/api/queues', bearer(tokens.admin));
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name)).toEqual(['tasks']);

    for (const pathname of [
      '/admin/queues',
      '/admin/queues/api/queues',
      '/admin/queues/static/favicon-32x32.png',
    ]) {
      const none = await get(pathname);
      expect(none.status, pathname).toBe(401);
      expect(none.headers.get('content-type')).toContain('application/problem+json');
      expect(((await none.json()) as { detail: string }).detail).toContain('/admin/queues/login');
      const user = await get(pathname, bearer(tokens.user));
      expect(user.status, pathname).toBe(403);
      expect(await user.json()).toMatchObject({ status: 403, field: 'authorization' });
      const wrong = await get(pathname, bearer('jm_000000000000_wrongwrongwrongwrongwrong'));
      expect(wrong.status, pathname).toBe(401);
    }
  });

  it('a browser session: POST /session with the admin token sets an HttpOnly cookie the board accepts', async () => {
    const session = (token?: string) =>
      fetch(`${server.url}/admin/queues/session`, {
        method: 'POST',
        headers: token ? bearer(token) : {},
      });
    expect((await session()).status).toBe(401);
    expect((await session(tokens.user)).status).toBe(403);
    const opened = await session(tokens.admin);
    expect(opened.status).toBe(204);
    const setCookie = opened.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^jm_board=[\w-]{20,}; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/,
    );
    const cookie = setCookie.split(';')[0] as string;
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(200);
    expect(
      (await get('/admin/queues/api/queues', { cookie: 'jm_board=forged-forged-forged-forged' })).status,
    ).toBe(401);
    // The cookie is only for the board: the rest of the API still wants the token.
    expect((await get('/api/tasks', { cookie })).status).toBe(401);
    // Signing out ends the session.
    const out = await fetch(`${server.url}/admin/queues/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(401);
  });

  it('revoking the admin token ends its board sessions at once', async () => {
    const extra = server.ctx.db.createToken('ops', true);
    const opened = await fetch(`${server.url}/admin/queues/session`, {
      method: 'POST',
      headers: bearer(extra.token),
    });
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(200);
    server.ctx.db.revokeToken(extra.id);
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(401);
  });

  it('in Chromium: sign in at /admin/queues/login with the admin token and the board shows the queue', async () => {
    const browser: Browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      const direct = await page.goto(`${server.url}/admin/queues`);
      expect(direct?.status()).toBe(401);
      await page.goto(`${server.url}/admin/queues/login`);
      await page.fill('#token', tokens.user);
      await page.click('#board-signin button');
      await expect.poll(() => page.textContent('#signin-error')).toContain('admin tokens only');
      await page.fill('#token', tokens.admin);
      await page.click('#board-signin button');
      await page.waitForURL(`${server.url}/admin/queues`);
      // The board's own app renders the queue's name from its API, on the session cookie.
      await page.getByText('tasks', { exact: true }).first().waitFor({ timeout: 15_000 });
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'jm_board')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      await browser.close();
    }
  });

  it('the embedded queue has no board: 404', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jm-board-memory-'));
    const memory = await start({}, dir);
    try {
      const admin = memory.ctx.db.createToken('root', true).token;
      const response = await fetch(`${memory.url}/admin/queues`, { headers: bearer(admin) });
      expect(response.status).toBe(404);
    } finally {
      await memory.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

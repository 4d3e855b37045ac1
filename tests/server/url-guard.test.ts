import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postingPath } from '../../sim/boards/postings.js';
import { demoBoards } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { resumeForm, type ServeHarness, serveHarness } from './harness.js';

/**
 * Issue 19's URL rule over real HTTP: a submitted job_url or company_url that reaches a loopback,
 * private, link-local or metadata address (directly, through a redirect, or through a name that
 * resolves there) is refused with 400 naming the field; serve.url_allowlist lets a self-hoster's
 * addresses through (that is how these tests reach the simulator on 127.0.0.1).
 */
let sim: Simulator;
let redirector: http.Server;
let redirectOrigin = '';
let guarded: ServeHarness;
let allowed: ServeHarness;
let postingUrl = '';
const redirectsServed: string[] = [];

beforeAll(async () => {
  const boards = demoBoards();
  sim = await startSimulator({ boards });
  const board = boards[0]!;
  postingUrl = `${sim.origin}${postingPath(board.slug, board.jobs[0]!.id)}`;
  // The redirecting page lives on 127.0.0.2: the guarded server allows that address only.
  redirector = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
    redirectsServed.push(target);
    res.writeHead(302, { location: target }).end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.2', resolve));
  redirectOrigin = `http://127.0.0.2:${(redirector.address() as AddressInfo).port}`;
  guarded = await serveHarness({ serve: { url_allowlist: ['127.0.0.2'] } });
  allowed = await serveHarness({ serve: { url_allowlist: ['127.0.0.1', '127.0.0.2'] } });
});

afterAll(async () => {
  await guarded?.close();
  await allowed?.close();
  await sim?.close();
  await new Promise<void>((resolve) => redirector.close(() => resolve()));
});

const via = (target: string) => `${redirectOrigin}/go?to=${encodeURIComponent(target)}`;

async function submit(h: ServeHarness, path: string, fields: Record<string, string>) {
  const form = await resumeForm(['priya-raman.txt'], fields);
  form.delete('job_text');
  if (!fields['job_url']) form.append('job_text', 'Backend Engineer: TypeScript, Node.js');
  return h.call(path, { method: 'POST', body: form });
}

describe('submitted URLs and the address guard', () => {
  it.each([
    ['a redirect to 127.0.0.1', () => via(`${sim.origin}/`)],
    ['a redirect to a 10.x address', () => via('http://10.20.30.40/job')],
    ['a redirect to the metadata address', () => via('http://169.254.169.254/latest/meta-data/')],
    ['a loopback address given directly', () => postingUrl],
    ['a name that resolves to loopback', () => postingUrl.replace('127.0.0.1', 'localhost')],
  ])('job_url through %s: 400 problem+json naming job_url, nothing queued', async (_name, url) => {
    const before = (await (await guarded.call('/api/tasks')).json()) as { tasks: unknown[] };
    const res = await submit(guarded, '/api/screenings', { job_url: url() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Record<string, string>;
    expect(problem).toMatchObject({ status: 400, field: 'job_url', received: url() });
    expect(problem['detail']).toMatch(/refused to connect to .*serve\.url_allowlist/);
    const after = (await (await guarded.call('/api/tasks')).json()) as { tasks: unknown[] };
    expect(after.tasks.length).toBe(before.tasks.length);
  });

  it('company_url through a redirect to the metadata address: 400 naming company_url', async () => {
    const res = await submit(guarded, '/api/tailorings', {
      company_url: via('http://169.254.169.254/latest/meta-data/'),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, field: 'company_url' });
  });

  it('with the address in serve.url_allowlist the same job_url (direct or redirected) is read', async () => {
    for (const url of [postingUrl, via(postingUrl)]) {
      const res = await submit(allowed, '/api/screenings', { job_url: url });
      expect(res.status).toBe(200);
      const task = (await res.json()) as Record<string, unknown>;
      expect(task).toMatchObject({ kind: 'screen', state: 'succeeded', progress: { done: 1, total: 1 } });
    }
    expect(sim.requests.some((r) => r.path.startsWith('/postings/'))).toBe(true);
    expect(redirectsServed).toContain(postingUrl);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { resumeForm, waitFor } from '../server/harness.js';
import { recordFigures } from './figures.js';
import { filesBelow, type Json } from './support.js';

/**
 * Secrets (the model API key, the API tokens, the Redis password) through a real `serve` process
 * on the Redis backend, with a screening and a tailoring that use the model: none of them may
 * appear in a log line, a task record (SQLite and every Redis key, and Redis's append-only file),
 * an output file, an error message or /metrics.
 */
const ROOT = path.join(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');
const KEY = `sk-live-${randomBytes(18).toString('hex')}`;
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;

let redis: TestRedis;
let llm: LlmServer;
let dir: string;
let serve: ChildProcess | null = null;
let url = '';
let tokens: Record<'alice' | 'bob', string>;
/** Everything the processes printed (stdout and stderr), except a token printed by `token create`. */
const printed: string[] = [];
/** Every body and header the API answered. */
const answered: string[] = [];

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    // From the repository, so that `--import tsx` resolves; every path given is absolute.
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: dir, OPENAI_API_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function createToken(name: string): Promise<string> {
  const child = cli(['serve', 'token', 'create', '--name', name, '--data', path.join(dir, 'data')]);
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => printed.push(String(c)));
  const [code] = await once(child, 'exit');
  expect(code, printed.join('')).toBe(0);
  // The token is this command's output, by design: shown once. Everything else is scanned.
  return out.trim().split('\n').at(-1) as string;
}

async function call(pathname: string, init: RequestInit & { as?: string | null } = {}): Promise<Response> {
  const { as = tokens.alice, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (as) headers.set('authorization', `Bearer ${as}`);
  const res = await fetch(`${url}${pathname}`, { ...rest, headers });
  const body = await res.clone().text();
  answered.push(`${res.status} ${pathname}\n${JSON.stringify([...res.headers])}\n${body}`);
  return res;
}

function secrets(): [string, string][] {
  const list: [string, string][] = [
    ['model API key', KEY],
    ['Redis password', PASSWORD],
  ];
  for (const [who, token] of Object.entries(tokens)) {
    list.push([`${who}'s token`, token]);
    list.push([`${who}'s token secret`, /^jm_[0-9a-f]{12}_(.+)$/.exec(token)?.[1] as string]);
  }
  return list;
}

function expectNoSecret(where: string, text: string | Buffer): void {
  for (const [what, secret] of secrets()) {
    expect(text.includes(secret), `${what} in ${where}`).toBe(false);
  }
}

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  llm = await startLlmServer({
    // A few model failures, so error messages are made and recorded too.
    script: (n) => (n % 7 === 3 ? '500' : 'ok'),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'jm-secrets-'));
  await writeFile(
    path.join(dir, 'serve.yaml'),
    [
      'queue:',
      '  backend: redis',
      `  redis_url: "${redis.url}"`,
      'serve:',
      '  cache_ttl: 0',
      'llm:',
      '  model: sim-model',
      `  base_url: ${llm.baseUrl}`,
      '  max_retries: 0',
      '  timeout_ms: 10000',
    ].join('\n'),
  );
  const [alice, bob] = await Promise.all([createToken('alice'), createToken('bob')]);
  tokens = { alice: alice as string, bob: bob as string };
  serve = cli([
    'serve',
    '--port',
    '0',
    '--data',
    path.join(dir, 'data'),
    '--config',
    path.join(dir, 'serve.yaml'),
  ]);
  serve.stdout?.on('data', (c) => printed.push(String(c)));
  serve.stderr?.on('data', (c) => printed.push(String(c)));
  url = await waitFor(async () => /serving on (http:\/\/\S+) /.exec(printed.join(''))?.[1], 30_000);
});

afterAll(async () => {
  // The last test stops it with SIGTERM; this only cleans up after a test that failed first.
  if (serve && serve.exitCode === null && serve.signalCode === null) {
    const exited = once(serve, 'exit');
    serve.kill('SIGKILL');
    await exited;
  }
  await llm?.close();
  await redis?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every Redis key's value, read by its type, as one text. */
async function redisContents(): Promise<{ text: string; keys: number }> {
  const client = new Redis(redis.url);
  try {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await client.type(key);
        const value =
          type === 'string'
            ? await client.getBuffer(key)
            : type === 'hash'
              ? await client.hgetall(key)
              : type === 'list'
                ? await client.lrange(key, 0, -1)
                : type === 'set'
                  ? await client.smembers(key)
                  : type === 'zset'
                    ? await client.zrange(key, '0', '-1', 'WITHSCORES')
                    : type === 'stream'
                      ? await client.xrange(key, '-', '+')
                      : null;
        parts.push(
          `${key} ${type} ${Buffer.isBuffer(value) ? value.toString('latin1') : JSON.stringify(value)}`,
        );
      }
    } while (cursor !== '0');
    return { text: parts.join('\n'), keys: parts.length };
  } finally {
    client.disconnect();
  }
}

describe('secrets in a real serve process (Redis with a password, the model key, tokens)', () => {
  it('a screening and a tailoring with the model: no secret in logs, records, Redis, files, errors or /metrics', async () => {
    const names = ['sam-rivera.txt', 'priya-raman.txt', 'maya-okafor.md', 'jordan-rivera.md'];
    const screening = await call('/api/screenings', {
      method: 'POST',
      body: await resumeForm(names, { llm: 'true' }),
    });
    expect(screening.status).toBe(200);
    const tailoring = await call('/api/tailorings', { method: 'POST', body: await resumeForm(names) });
    expect(tailoring.status).toBe(200);
    const tasks = [(await screening.json()) as Json, (await tailoring.json()) as Json];
    for (const t of tasks) expect(t['state']).toBe('succeeded');
    // The model was really called with the key (so a leak had every chance), and some calls failed.
    expect(llm.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(llm.requests.some((r) => r.status >= 500)).toBe(true);

    // Error answers of every kind, for the scan below.
    await call('/api/tasks', { as: null });
    await call('/api/tasks', { as: `${tokens.alice.slice(0, -3)}xyz` });
    await call(`/api/tasks/${tasks[0]!['id']}`, { as: tokens.bob });
    await call('/api/screenings', { method: 'POST', body: await resumeForm(names, { top: 'x' }) });
    await call('/api/screenings', {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    for (const t of tasks) {
      await call(`/api/tasks/${t['id']}/events`);
      for (const f of ((await (await call(`/api/tasks/${t['id']}/files`)).json()) as Json)[
        'files'
      ] as Json[]) {
        await call(f['url']);
      }
      const zip = await call(`/api/tasks/${t['id']}/download.zip`);
      expectNoSecret('a zip', Buffer.from(await zip.arrayBuffer()));
    }
    await call('/metrics', { as: null });
    await call('/readyz', { as: null });
    await call('/api/tasks?limit=100');

    expectNoSecret('the API answers', answered.join('\n'));
    const keys = await redisContents();
    expect(keys.keys).toBeGreaterThan(10);
    expectNoSecret('Redis keys', keys.text);
    const redisFiles = await filesBelow(redis.dir);
    for (const f of redisFiles) expectNoSecret(`Redis file ${f}`, await readFile(path.join(redis.dir, f)));
    const dataFiles = (await filesBelow(dir)).filter((f) => f !== 'serve.yaml');
    for (const f of dataFiles) expectNoSecret(`data file ${f}`, await readFile(path.join(dir, f)));
    const output = printed.join('');
    // The failed model calls were logged (the service waits out 5xx as a model outage, so the
    // warning is the model's, or the queue's for an item tried again): a leak had its chance.
    expect(output).toMatch(/\[(model|queue)\] warning:/);
    expectNoSecret('the process output', output);
    recordFigures(expect.getState().currentTestName ?? 'secrets', {
      'log lines scanned': output.split('\n').length,
      'API answers scanned': answered.length,
      'Redis keys scanned': keys.keys,
      'files scanned': redisFiles.length + dataFiles.length,
    });
  });

  it('Redis away: the refusals, /readyz and the log name Redis without its password', async () => {
    await redis.stopServer();
    try {
      // /readyz says where Redis is (so the password had every chance to be in it).
      const ready = await waitFor(async () => {
        const res = await call('/readyz', { as: null });
        return res.status === 503 ? res : null;
      });
      const problem = (await ready.json()) as Json;
      expect(problem['detail']).toContain(`Redis at redis://127.0.0.1:${redis.port}`);
      // Submissions, reads and lists while it is away: refused (503, or 500 before the queue is
      // reached), never with the URL's password.
      const refused = await call('/api/screenings', {
        method: 'POST',
        body: await resumeForm(['sam-rivera.txt']),
      });
      expect(refused.status).toBeGreaterThanOrEqual(500);
      // An unexpected failure is in the server's log, which the scan below reads.
      if (refused.status === 500) {
        await waitFor(async () => printed.join('').includes('[serve] error: POST /api/screenings: '));
      }
      await call('/api/tasks?limit=5');
      await call(`/api/tasks/${'0'.repeat(8)}`);
      await call('/metrics', { as: null });
    } finally {
      await redis.start();
    }
    expectNoSecret('the API answers', answered.join('\n'));
    expectNoSecret('the process output', printed.join(''));
    // Back: the service works again with the same password.
    await waitFor(async () => (await call('/readyz', { as: null })).status === 200, 20_000);
  });

  it('SIGTERM after Redis was away: serve exits 0 promptly, and its last words hold no secret', async () => {
    const proc = serve as ChildProcess;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    // serve's shutdown bound is 10 s; the margin is for a loaded machine.
    const [code] = await Promise.race([
      exited,
      new Promise<[string]>((resolve) => setTimeout(() => resolve(['still running']), 20_000).unref()),
    ]);
    expect(code, printed.join('')).toBe(0);
    expectNoSecret('the process output', printed.join(''));
  });
});

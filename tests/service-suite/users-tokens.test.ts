import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerDb } from '../../src/server/db.js';
import { resumeForm, type ServeHarness, serveHarness } from '../server/harness.js';
import { expectProblem, filesBelow, type Json } from './support.js';

/**
 * Other users: without a valid token nothing answers but 401; another user's task is as absent
 * as one that never existed; guessing tokens is stopped; the secrets are kept only as hashes.
 */
const GUESSES = 30;
let h: ServeHarness;
let aliceTask: string;

beforeAll(async () => {
  h = await serveHarness({ serve: { auth_failures_per_minute: GUESSES } });
  const res = await h.call('/api/screenings', { method: 'POST', body: await resumeForm(['sam-rivera.txt']) });
  aliceTask = ((await res.json()) as Json)['id'];
});
afterAll(() => h?.close());

/** Every route that reads or changes a task, for one id. */
const taskRoutes = (id: string): [string, string][] => [
  ['GET', `/api/tasks/${id}`],
  ['DELETE', `/api/tasks/${id}`],
  ['GET', `/api/tasks/${id}/events`],
  ['GET', `/api/tasks/${id}/files`],
  ['GET', `/api/tasks/${id}/files/ranking.json`],
  ['GET', `/api/tasks/${id}/download.zip`],
];

/** A request from another local address (the whole of 127/8 is this machine): another client. */
function fromAddress(
  localAddress: string,
  pathname: string,
  token: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(pathname, h.url);
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        localAddress,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
  });
}

describe('other users', () => {
  it('no token, a wrong, malformed or revoked token: 401 problem+json on every API route', async () => {
    const revoked = h.server.ctx.db.createToken('carol', false).token;
    h.server.ctx.db.revokeToken('carol');
    const routes: [string, string][] = [
      ['GET', '/api/tasks'],
      ['POST', '/api/screenings'],
      ['POST', '/api/tailorings'],
      ...taskRoutes(aliceTask),
    ];
    const wrong = `${h.tokens.alice.slice(0, -4)}AAAA`;
    for (const authorization of [null, `Bearer ${wrong}`, `Basic ${h.tokens.alice}`, `Bearer ${revoked}`]) {
      for (const [method, route] of routes) {
        const res = await h.call(route, {
          as: null,
          method,
          headers: authorization ? { authorization } : {},
        });
        const problem = await expectProblem(res, 401, 'authorization');
        expect(JSON.stringify(problem)).not.toContain(h.tokens.alice.slice(3, 15));
      }
    }
    // Nothing was done for them: alice's task is as it was.
    expect(((await (await h.call(`/api/tasks/${aliceTask}`)).json()) as Json)['state']).toBe('succeeded');
  });

  it("another user's task, events, files, file and zip: 404 with exactly the body of an id that never existed", async () => {
    const nobody = randomUUID();
    const missing = taskRoutes(nobody);
    for (const [i, [method, theirs]] of taskRoutes(aliceTask).entries()) {
      const none = missing[i]![1];
      const a = await h.call(theirs, { as: 'bob', method });
      const b = await h.call(none, { as: 'bob', method });
      expect(a.status, theirs).toBe(404);
      expect(b.status).toBe(404);
      expect(a.headers.get('content-type')).toBe(b.headers.get('content-type'));
      expect(a.headers.get('content-length') === null).toBe(b.headers.get('content-length') === null);
      const bodyA = (await a.text()).replaceAll(aliceTask, '<id>');
      const bodyB = (await b.text()).replaceAll(nobody, '<id>');
      expect(bodyA, theirs).toBe(bodyB);
    }
    // Not in bob's list, not given to bob by the result cache, and still alice's (and the admin's).
    const list = (await (await h.call('/api/tasks', { as: 'bob' })).json()) as Json;
    expect(list['tasks'].map((t: Json) => t['id'])).not.toContain(aliceTask);
    const same = await h.call('/api/screenings', {
      as: 'bob',
      method: 'POST',
      body: await resumeForm(['sam-rivera.txt']),
    });
    const bobs = (await same.json()) as Json;
    expect(bobs['id']).not.toBe(aliceTask);
    expect(bobs['cached']).toBeUndefined();
    expect((await h.call(`/api/tasks/${aliceTask}`)).status).toBe(200);
    expect((await h.call(`/api/tasks/${aliceTask}`, { as: 'admin' })).status).toBe(200);
  });

  it('guessing tokens from one address: 429 with Retry-After, then even for a right token; other clients unaffected', async () => {
    const guesser = '127.0.0.3';
    for (let i = 0; i < GUESSES; i++) {
      const guess = `jm_${h.tokens.alice.slice(3, 15)}_${randomUUID().replaceAll('-', '')}`;
      const res = await fromAddress(guesser, '/api/tasks', guess);
      expect(res.status).toBe(401);
    }
    const blocked = await fromAddress(guesser, '/api/tasks', `jm_000000000000_${'x'.repeat(32)}`);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(blocked.body)).toMatchObject({ status: 429, field: 'authorization' });
    // A hit looks like a miss from there, so a guesser learns nothing more.
    expect((await fromAddress(guesser, '/api/tasks', h.tokens.alice)).status).toBe(429);
    expect((await fromAddress('127.0.0.4', '/api/tasks', h.tokens.alice)).status).toBe(200);
    expect((await h.call('/api/tasks')).status).toBe(200);
  });

  it('tokens are stored hashed: no file of the data folder holds a token or its secret', async () => {
    const files = await filesBelow(h.dataDir);
    expect(files).toContain('server.db');
    const everything = Buffer.concat(await Promise.all(files.map((f) => readFile(path.join(h.dataDir, f)))));
    let hashes = 0;
    for (const token of Object.values(h.tokens)) {
      const secret = /^jm_[0-9a-f]{12}_(.+)$/.exec(token)?.[1] as string;
      expect(everything.includes(token)).toBe(false);
      expect(everything.includes(secret)).toBe(false);
      expect(everything.includes(Buffer.from(secret).toString('base64'))).toBe(false);
      // What is there instead: its SHA-256 (so the scan read where tokens are kept).
      if (everything.includes(createHash('sha256').update(secret).digest())) hashes++;
    }
    expect(hashes).toBe(3);
  });

  it('tokens are compared in constant time: the hashes through crypto.timingSafeEqual, also for an unknown id', async () => {
    // Reviewed in the code path itself: verify() hashes the secret and compares the hashes with
    // timingSafeEqual, against a zero hash when the id is unknown, with no early string compare.
    const source = await readFile(path.join(import.meta.dirname, '../../src/server/db.ts'), 'utf8');
    const verify = source.slice(
      source.indexOf('  verify(token: string)'),
      source.indexOf('  /** Claims an Idempotency-Key'),
    );
    expect(verify).toMatch(/timingSafeEqual\(expected, sha256\(/);
    expect(verify).toMatch(/row\?\.hash \?\? Buffer\.alloc\(32\)/);
    // No comparison of the secret or a hash other than timingSafeEqual (row !== undefined is no secret).
    expect(verify).not.toMatch(
      /(hash|expected|match\[2\]|secret)\S*\s*[!=]==|[!=]==\s*(sha256|expected|match\[2\])/,
    );
    expect(verify).not.toMatch(/\.equals\(|\.compare\(|Buffer\.compare/);
    // And its answers: only the exact token is a user.
    const db = new ServerDb(path.join(h.dataDir, 'review'));
    try {
      const { id, token } = db.createToken('dave', false);
      expect(db.verify(token)).toMatchObject({ name: 'dave', tokenId: id });
      const last = token.at(-1) === 'A' ? 'B' : 'A';
      expect(db.verify(`${token.slice(0, -1)}${last}`)).toBeNull();
      expect(db.verify(token.replace(id, '0'.repeat(12)))).toBeNull();
      expect(db.verify(`${token}x`)).toBeNull();
    } finally {
      db.close();
    }
  });
});

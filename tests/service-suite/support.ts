import { readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { ServeHarness } from '../server/harness.js';

/** Shared by the hostile, users, page and secrets rows of the service suite. */

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
export type Json = Record<string, any>;

/** Asserts a problem+json reply with this status (and field); returns its body. */
export async function expectProblem(res: Response, status: number, field?: string): Promise<Json> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ status, type: 'about:blank' });
  expect(typeof body['detail']).toBe('string');
  if (field !== undefined) expect(body['field']).toBe(field);
  return body;
}

/** Tasks in the embedded queue's own database file (not through the API): what was accepted. */
export function tasksInDb(h: ServeHarness): number {
  const db = new Database(path.join(h.dataDir, 'queue.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Every file below `root`, relative, with "/" (the disk as it is, not as the API lists it). */
export async function filesBelow(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** A local server that counts every request made to it: what a hostile file could reach. */
export interface CountingServer {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

export async function countingServer(answer = 'SECRET-FROM-THE-NETWORK'): Promise<CountingServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Blob of these bytes (Buffer as a BlobPart needs a plain ArrayBuffer view). */
export const blob = (data: Buffer | string): Blob =>
  new Blob([typeof data === 'string' ? data : new Uint8Array(data)]);

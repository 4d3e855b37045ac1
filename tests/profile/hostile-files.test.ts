import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileError } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/index.js';
import { docxWithEntity, docxWithRemoteTemplate, pdfWithJavaScript } from '../helpers/hostile-files.js';

/**
 * Uploads come from people we do not control. A resume's embedded script, external XML entity or
 * remote template must never run, expand or be fetched: a local server counts every request such
 * a file could make.
 */
const search = { roles: [], keywords: [] };
let server: http.Server;
let base = '';
const hits: string[] = [];
let dir = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('SECRET-FROM-THE-NETWORK');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function write(data: Buffer | Promise<Buffer>): Promise<string> {
  const file = path.join(dir, `hostile-${hits.length}-${Math.random().toString(36).slice(2)}.docx`);
  await writeFile(file, await data);
  return file;
}

describe('hostile resume files', () => {
  it('reads a PDF with JavaScript and links without running or following them', async () => {
    const file = path.join(dir, 'scripted.pdf');
    await writeFile(file, pdfWithJavaScript(base));
    const profile = await loadProfile(file, search);
    expect(profile.name).toBe('Dana Whitfield');
    expect(profile.skills).toEqual(expect.arrayContaining(['TypeScript']));
    expect(hits).toEqual([]);
  });

  it('never expands an external XML entity in a DOCX (file or URL)', async () => {
    const file = await write(docxWithEntity(base));
    const outcome = await loadProfile(file, search).then(
      (profile) => JSON.stringify(profile),
      (error: unknown) => error,
    );
    // Either refused with a clear reason or read without the entities: never their contents.
    if (typeof outcome === 'string') {
      expect(outcome).not.toContain('root:');
      expect(outcome).not.toContain('SECRET-FROM-THE-NETWORK');
    } else {
      expect(outcome).toBeInstanceOf(ProfileError);
      expect((outcome as ProfileError).message).toContain(file);
    }
    expect(hits).toEqual([]);
  });

  it('never fetches a DOCX remote template (attachedTemplate with TargetMode External)', async () => {
    const file = await write(docxWithRemoteTemplate(base));
    const profile = await loadProfile(file, search);
    expect(profile.name).toBe('Maya Okafor');
    expect(hits).toEqual([]);
  });
});

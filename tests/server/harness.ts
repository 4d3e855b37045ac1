import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LlmServer, type LlmServerOptions, startLlmServer } from '../../sim/llm-server.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { ServeFileConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/start.js';

export const FIXTURES = path.join(import.meta.dirname, '../profile/fixtures');

export const JOB_TEXT = [
  '# Senior Backend Engineer at Acme',
  '',
  '## About Acme',
  'Acme builds payment infrastructure for small online shops.',
  '',
  '## Requirements',
  '- TypeScript, Node.js, PostgreSQL',
  '- React for the merchant dashboard is a plus',
].join('\n');

export interface ServeHarness {
  server: RunningServer;
  url: string;
  llm: LlmServer;
  dataDir: string;
  tokens: { alice: string; bob: string; admin: string };
  /** fetch with alice's token (or `as`'s). */
  call(pathname: string, init?: RequestInit & { as?: 'alice' | 'bob' | 'admin' | null }): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1:0 with real SQLite files, the local model server, three tokens. */
export async function serveHarness(
  options: { serve?: Record<string, unknown>; llm?: LlmServerOptions; dataDir?: string } = {},
): Promise<ServeHarness> {
  const llm = await startLlmServer(options.llm ?? {});
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'jm-serve-')));
  const config = ServeFileConfig.parse({
    // The simulator and the test peers are on 127.0.0.1, which the address guard refuses otherwise.
    serve: { url_allowlist: ['127.0.0.1'], ...options.serve },
    llm: { model: 'sim-model', base_url: llm.baseUrl, max_retries: 0, timeout_ms: 10_000 },
    http: { timeout_ms: 5_000 },
    // PDFs (file_type pdf) are printed by the system's Chromium.
    browser: { executable_path: '/usr/bin/chromium' },
  });
  const server = await startServer({
    config,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logger: new MemoryLogger(),
    env: { OPENAI_API_KEY: 'sk-test-local-server-key' },
  });
  const db = server.ctx.db;
  const tokens = {
    alice: db.createToken('alice', false).token,
    bob: db.createToken('bob', false).token,
    admin: db.createToken('root', true).token,
  };
  return {
    server,
    url: server.url,
    llm,
    dataDir,
    tokens,
    call(pathname, init = {}) {
      const { as = 'alice', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('authorization', `Bearer ${tokens[as]}`);
      return fetch(`${server.url}${pathname}`, { ...rest, headers });
    },
    async close() {
      await server.close();
      await llm.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A form with the job as text and these fixture resumes. */
export async function resumeForm(names: string[], fields: Record<string, string> = {}): Promise<FormData> {
  const form = new FormData();
  form.append('job_text', JOB_TEXT);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const name of names)
    form.append('resumes', new Blob([await readFile(path.join(FIXTURES, name))]), name);
  return form;
}

/** Reads an SSE response to its end: [id, event] pairs. */
export async function readSse(
  res: Response,
): Promise<{ id: number; type: string; data: { type: string } }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.includes('data: '))
    .map((chunk) => {
      const lines = chunk.split('\n');
      const get = (k: string) => lines.find((l) => l.startsWith(`${k}: `))?.slice(k.length + 2) ?? '';
      return { id: Number(get('id')), type: get('event'), data: JSON.parse(get('data')) };
    });
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

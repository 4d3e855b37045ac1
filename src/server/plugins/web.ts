import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const WEB = path.join(import.meta.dirname, '../web');

/** Scripts only from this server, no inline script, no framing; uploads' text is never markup. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** The web page: vanilla HTML, CSS and JS, served by this server under a strict CSP. */
export async function webPlugin(app: FastifyInstance): Promise<void> {
  for (const [route, asset] of Object.entries(ASSETS)) {
    const body = await readFile(path.join(WEB, asset.file));
    app.get(route, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-security-policy', PAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .type(asset.type)
        .send(body),
    );
  }
}

import { SourceError } from '../../errors.js';
import type { ScrapeContext } from '../types.js';

/** A URL's path segments, percent-decoded, without empty ones. */
export function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** True when the URL's host is one of `hosts` (case-insensitive, no subdomains). */
export function hostIs(url: URL, hosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return hosts.includes(host);
}

/** The first path segment on one of `hosts`: the board name of most hosted boards. */
export function firstSegmentOn(url: URL, hosts: readonly string[]): string | null {
  if (!hostIs(url, hosts)) return null;
  return pathSegments(url)[0] ?? null;
}

/**
 * The board a company's configured URL names, or a SourceError saying which URL form the kind
 * needs (a company may set `kind` with a URL that does not name a board, e.g. a custom domain).
 */
export function requireBoard<T>(ctx: ScrapeContext, parse: (url: URL) => T | null, expected: string): T {
  let board: T | null = null;
  try {
    board = parse(new URL(ctx.company.url));
  } catch {
    board = null;
  }
  if (board === null) {
    throw new SourceError(
      ctx.company.name,
      ctx.company.url,
      `cannot find the board in this URL; use the board's own URL (${expected})`,
    );
  }
  return board;
}

/** The API origin: the kind's `api_base` option (the simulator, a proxy) or the real one. */
export function apiOrigin(ctx: ScrapeContext, real: string): string {
  return (ctx.options.api_base ?? real).replace(/\/+$/, '');
}

/** Pages a paged board may read: the company's own `max_pages`, else the kind's. */
export function pageLimit(ctx: ScrapeContext): number {
  return ctx.company.max_pages ?? ctx.options.max_pages ?? Number.POSITIVE_INFINITY;
}

/** Listings a board may return: the kind's `max_jobs`. */
export function jobLimit(ctx: ScrapeContext): number {
  return ctx.options.max_jobs ?? Number.POSITIVE_INFINITY;
}

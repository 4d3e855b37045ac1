import type { HttpResponse } from '../../infra/http/client.js';
import { toSourceError } from '../shared/request.js';
import type { BoardValidators, ScrapeContext } from '../types.js';

export type PageAnswer =
  | { notModified: true; validators: BoardValidators }
  | {
      notModified: false;
      /** The final URL after redirects: relative links on the page resolve against it. */
      url: string;
      text: string;
      validators: BoardValidators;
    };

const ACCEPT_HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

/**
 * GET one careers page as text; any failure is a SourceError naming the company and URL. With
 * `conditional`, the previous run's ETag / Last-Modified are sent and a 304 answers notModified.
 */
export async function readPage(ctx: ScrapeContext, url: string, conditional = false): Promise<PageAnswer> {
  const previous = conditional ? ctx.previous : undefined;
  let response: HttpResponse;
  try {
    response = await ctx.deps.http.request(url, {
      headers: { accept: ACCEPT_HTML },
      ...(previous?.etag ? { etag: previous.etag } : {}),
      ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
      signal: ctx.deps.signal,
    });
  } catch (error) {
    throw toSourceError(ctx, url, error);
  }
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  const validators: BoardValidators = {
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
  if (response.notModified) return { notModified: true, validators };
  return { notModified: false, url: response.url || url, text: response.text, validators };
}

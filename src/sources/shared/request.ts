import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { CancelledError, describeError, HttpError, JobError, SourceError } from '../../errors.js';
import type { HttpResponse } from '../../infra/http/client.js';
import { issueLine } from '../../infra/zod-issues.js';
import type { BoardValidators, JobListing, ScrapeContext, ScrapeResult } from '../types.js';
import type { ParsedBoard } from './records.js';

export interface BoardRequest {
  /** Sent as a JSON POST body (Workday's list). */
  json?: unknown;
  /** Send the previous run's ETag / Last-Modified; a 304 then answers `notModified`. */
  conditional?: boolean;
}

export type BoardAnswer =
  | { notModified: true; validators: BoardValidators }
  | { notModified: false; body: unknown; bytes: Uint8Array; validators: BoardValidators };

/** What to say about a failed board request, beyond the HTTP client's own words. */
function hintFor(error: HttpError): string {
  if (error.status === 404) return '; the board was not found: check the company URL (or its kind)';
  if (error.status === 401 || error.status === 403) return '; the board refused access';
  return '';
}

/** A board API failure as a SourceError naming the company, the URL and the cause. */
export function toSourceError(ctx: ScrapeContext, url: string, error: unknown): Error {
  if (error instanceof SourceError || error instanceof CancelledError) return error;
  if (error instanceof HttpError) {
    const what = error.reason;
    return new SourceError(ctx.company.name, url, `board request failed: ${what}${hintFor(error)}`, {
      cause: error,
    });
  }
  const what = error instanceof Error ? error.message : String(error);
  return new SourceError(ctx.company.name, url, `board request failed: ${what}`, { cause: error });
}

function validatorsOf(response: HttpResponse): BoardValidators {
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/**
 * One board API request: JSON in, SourceError out on any failure (HTTP, timeout, not JSON).
 * Cancellation passes through untouched, since it stops the run rather than one board.
 */
export async function readBoardJson(
  ctx: ScrapeContext,
  url: string,
  request: BoardRequest = {},
): Promise<BoardAnswer> {
  const previous = request.conditional ? ctx.previous : undefined;
  let response: HttpResponse;
  try {
    response = await ctx.deps.http.request(url, {
      headers: { accept: 'application/json' },
      ...(request.json === undefined ? {} : { json: request.json, method: 'POST' as const }),
      ...(previous?.etag ? { etag: previous.etag } : {}),
      ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
      signal: ctx.deps.signal,
    });
  } catch (error) {
    throw toSourceError(ctx, url, error);
  }
  const validators = validatorsOf(response);
  if (response.notModified) return { notModified: true, validators };
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch (cause) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const start = response.text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    const reason = start
      ? `expected JSON, got ${type} starting "${start}"`
      : 'expected JSON, got an empty body';
    throw new SourceError(
      ctx.company.name,
      url,
      `${reason} (a login wall, an outage page or a cut-off answer)`,
      {
        cause,
      },
    );
  }
  return { notModified: false, body, bytes: response.bytes, validators };
}

/** sha256 over every page a board answered, so an unchanged board is known without validators. */
export class BoardDigest {
  private readonly hash = createHash('sha256');

  /** A page's raw bytes (no second UTF-8 encoding), or text made by the source itself. */
  add(content: string | Uint8Array): void {
    this.hash.update(content);
    // A separator, so that moving bytes between pages changes the digest.
    this.hash.update('\u0000');
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** The result of a board that answered 304: nothing new, the previous validators still hold. */
export function notModifiedResult(ctx: ScrapeContext, fresh: BoardValidators): ScrapeResult {
  return {
    listings: [],
    skipped: 0,
    warnings: [],
    unchanged: true,
    validators: { ...ctx.previous, ...fresh },
  };
}

/** The result of a board read in full: unchanged when its digest equals the previous run's. */
export function boardResult(
  ctx: ScrapeContext,
  parsed: ParsedBoard,
  contentHash: string,
  fresh: BoardValidators = {},
): ScrapeResult {
  const validators = { ...fresh, contentHash };
  if (ctx.previous?.contentHash === contentHash) {
    return { listings: [], skipped: 0, warnings: [], unchanged: true, validators };
  }
  return { ...parsed, unchanged: false, validators };
}

/**
 * The whole flow of a board that answers in one payload (Greenhouse, Lever, Ashby): a
 * conditional GET, then parse, then the digest check.
 */
export async function scrapeSinglePayload(
  ctx: ScrapeContext,
  url: string,
  parse: (body: unknown) => ParsedBoard,
): Promise<ScrapeResult> {
  const answer = await readBoardJson(ctx, url, { conditional: true });
  if (answer.notModified) return notModifiedResult(ctx, answer.validators);
  const digest = new BoardDigest();
  digest.add(answer.bytes);
  return boardResult(ctx, parse(answer.body), digest.hex(), answer.validators);
}

/** One page of a paged board (never conditional): the parsed body and its raw bytes (for the digest). */
export async function readBoardPage(
  ctx: ScrapeContext,
  url: string,
  request: Omit<BoardRequest, 'conditional'> = {},
): Promise<{ body: unknown; bytes: Uint8Array }> {
  const answer = await readBoardJson(ctx, url, request);
  if (answer.notModified) {
    throw new SourceError(ctx.company.name, url, 'unexpected 304 Not Modified to an unconditional request');
  }
  return answer;
}

/**
 * A detail payload for one listing, validated. Failures are the job's, not the board's:
 * JobError, so the fetch stage can fall back for this job alone.
 */
export async function readDetail<T>(
  ctx: ScrapeContext,
  listing: JobListing,
  url: string,
  schema: z.ZodType<T>,
): Promise<T> {
  try {
    const { body } = await readBoardPage(ctx, url);
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new JobError(
      listing.id,
      'description',
      `${url}: unexpected ${listing.kind} detail payload (${issue ? issueLine(issue) : 'invalid'})`,
      { cause: result.error },
    );
  } catch (error) {
    if (error instanceof JobError || error instanceof CancelledError) throw error;
    throw new JobError(listing.id, 'description', describeError(error), { cause: error });
  }
}

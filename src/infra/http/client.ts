import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Dispatcher } from 'undici';
import type { HttpConfig } from '../../config/schema.js';
import { BlockedAddressError, CancelledError, HttpError } from '../../errors.js';
import type { Logger } from '../logger.js';
import { readCapped } from './read-capped.js';

/** Says what we are and why we call; `http.user_agent` lets a user add a contact address. */
export const USER_AGENT = 'job-matcher/0.1 (reads public job-board APIs for one job seeker)';

export interface HttpRequestOptions {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  /** Sent as a JSON body with content-type application/json. */
  json?: unknown;
  timeoutMs?: number;
  /** Retries after the first attempt; defaults to the config's `http.retries`. */
  retries?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  /** Conditional GET: the validators of the last answer. A 304 then gives `notModified`. */
  etag?: string;
  lastModified?: string;
  /** Statuses returned as responses rather than thrown (e.g. 404 when probing). */
  acceptStatus?: number[];
}

const EMPTY = new Uint8Array(0);

export interface HttpResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  /** Empty for 304. */
  text: string;
  /**
   * The body as it came, empty for 304 and for an error status. A digest of the body hashes these
   * rather than `text`: hashing a string encodes it to UTF-8 again (0.14 s of a 300-board scan).
   */
  bytes: Uint8Array;
  notModified: boolean;
}

/** The one way the program talks HTTP. Tests point it at local peers; nothing is mocked. */
export interface HttpClient {
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface HttpClientOptions extends HttpConfig {
  logger?: Logger;
  /** Longest Retry-After honoured; a longer one is shortened to this. */
  maxRetryAfterMs?: number;
  /** Cap on the exponential backoff between retries. */
  backoffLimitMs?: number;
  /** First backoff step; doubled on each retry. */
  backoffBaseMs?: number;
  /** Opens the connections: the service hands in its address guard (address-guard.ts). */
  dispatcher?: Dispatcher;
}

/** 408, 429 and 5xx are worth another try; Retry-After is honoured on 413/429/503. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * HTTP on top of ky (fetch/undici): per-attempt timeouts, retries with exponential backoff and
 * jitter on 429/5xx/network errors/timeouts, Retry-After, a per-host concurrency limit, an honest
 * user agent, and a response size cap. Errors come out as HttpError naming the URL.
 */
export class KyHttpClient implements HttpClient {
  private readonly perHost = new Map<string, LimitFunction>();
  private readonly ky: KyInstance;

  constructor(private readonly options: HttpClientOptions) {
    const base = options.backoffBaseMs ?? 300;
    this.ky = ky.create({
      headers: { 'user-agent': options.user_agent ?? USER_AGENT },
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      retry: {
        limit: options.retries,
        // Workday's CXS list is a POST that only reads, so POST is retried too.
        methods: ['get', 'head', 'post'],
        statusCodes: RETRY_STATUSES,
        afterStatusCodes: [413, 429, 503],
        maxRetryAfter: options.maxRetryAfterMs ?? 60_000,
        backoffLimit: options.backoffLimitMs ?? 10_000,
        delay: (attempt) => base * 2 ** (attempt - 1),
        // Half-to-full jitter: spreads retries from many workers without ever retrying at once.
        jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
        retryOnTimeout: true,
        // ky retries every error that is not its own HTTPError; ours are final unless they say
        // otherwise (a body over the size cap is downloaded once, not once per retry).
        shouldRetry: ({ error }) =>
          (error instanceof HttpError && !error.retryable) ||
          error instanceof CancelledError ||
          blockedAddress(error) !== null ||
          isRedirectLoop(error)
            ? false
            : undefined,
      },
      hooks: {
        beforeRetry: [
          ({ request, error, retryCount }) => {
            options.logger?.debug(
              'http',
              `retry ${retryCount} ${request.method} ${request.url}: ${error.message}`,
            );
          },
        ],
      },
    });
  }

  private limiterFor(url: URL): LimitFunction {
    let limit = this.perHost.get(url.host);
    if (!limit) {
      limit = pLimit(this.options.per_host_concurrency);
      this.perHost.set(url.host, limit);
    }
    return limit;
  }

  async request(url: string, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new HttpError(url, 400, 'not a valid URL', { cause });
    }
    // The run's signal comes with each request: one client serves runs cancelled independently.
    const signal = opts.signal;
    return this.limiterFor(parsed)(async () => {
      if (signal?.aborted) throw new CancelledError('cancelled', { cause: signal.reason });
      return this.send(parsed.href, opts, signal);
    });
  }

  private async send(
    url: string,
    opts: HttpRequestOptions,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    const timeoutMs = opts.timeoutMs ?? this.options.timeout_ms;
    const maxBytes = opts.maxBytes ?? this.options.max_response_bytes;
    const accept = new Set([304, ...(opts.acceptStatus ?? [])]);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    let body = '';
    let bytes: Uint8Array = EMPTY;
    // The reason the last body read failed: ky reports a forced retry only as "Forced retry".
    let bodyFailure: string | null = null;
    try {
      const response = await this.ky(url, {
        method: opts.method ?? (opts.json === undefined ? 'GET' : 'POST'),
        headers,
        json: opts.json,
        timeout: timeoutMs,
        signal,
        // Only when given: ky's merge lets an explicit `retry: undefined` replace the whole retry
        // policy above with ky's defaults.
        ...(opts.retries === undefined ? {} : { retry: { limit: opts.retries } }),
        throwHttpErrors: (status) => !accept.has(status),
        hooks: {
          // Read the body inside ky so that a reset or a stall mid-body is retried like any
          // other transient failure, under the same limit.
          afterResponse: [
            async (_request, _options, res) => {
              if (!res.ok) return res;
              const read = await readCapped(res, { maxBytes, timeoutMs, url, signal });
              if (read.kind === 'transient') {
                bodyFailure = read.reason;
                return ky.retry();
              }
              bodyFailure = null;
              body = read.text;
              bytes = read.bytes;
              return res;
            },
          ],
        },
      });
      if (!response.ok && response.status !== 304) body = await readErrorBody(response);
      return {
        url: response.url || url,
        status: response.status,
        headers: response.headers,
        text: body,
        bytes,
        notModified: response.status === 304,
      };
    } catch (error) {
      if (bodyFailure !== null && !signal?.aborted && !(error instanceof HTTPError)) {
        throw new HttpError(url, undefined, `response body cut off or stalled: ${bodyFailure}`, {
          cause: error,
        });
      }
      throw toHttpError(url, error, timeoutMs, signal);
    }
  }
}

/**
 * fetch gives up after 20 redirects. Asking again walks the same loop: not worth a retry, and a
 * hostile page would get 20 requests per attempt.
 */
function isRedirectLoop(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && cause.message === 'redirect count exceeded';
}

/** The guard's refusal, wherever fetch wrapped it. */
function blockedAddress(error: unknown): BlockedAddressError | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof BlockedAddressError) return e;
  }
  return null;
}

async function readErrorBody(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, 2000);
  } catch {
    return '';
  }
}

function toHttpError(url: string, error: unknown, timeoutMs: number, signal: AbortSignal | undefined): Error {
  if (error instanceof HttpError || error instanceof CancelledError) return error;
  const blocked = blockedAddress(error);
  if (blocked) return blocked;
  if (signal?.aborted) return new CancelledError('cancelled', { cause: error });
  if (error instanceof HTTPError) {
    const { status, statusText } = error.response;
    return new HttpError(url, status, `HTTP ${status}${statusText ? ` ${statusText}` : ''}`, {
      cause: error,
    });
  }
  if (error instanceof TimeoutError) {
    return new HttpError(url, undefined, `no answer within ${timeoutMs} ms`, { cause: error });
  }
  if (isRedirectLoop(error)) {
    return new HttpError(url, undefined, 'too many redirects (a redirect loop); check the URL in a browser', {
      cause: error,
    });
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  const detail = cause.cause instanceof Error ? cause.cause.message : cause.message;
  return new HttpError(url, undefined, `network error: ${detail}`, { cause });
}

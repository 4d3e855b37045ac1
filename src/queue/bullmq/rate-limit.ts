import { APIError } from 'openai';

/** When a 429 carries no Retry-After, the queue pauses this long. */
export const DEFAULT_PAUSE_MS = 1_000;
/** A Retry-After longer than this is capped: the queue re-checks, it does not sleep for hours. */
export const MAX_PAUSE_MS = 5 * 60_000;

/**
 * The pause a model 429 asks for (its Retry-After, seconds or an HTTP date), found along the cause
 * chain; null when the error is no model 429. The queue then pauses every worker for it
 * (BullMQ's rate limit is one Redis key), rather than each item retrying on its own.
 */
export function modelRetryAfterMs(error: unknown, now: number = Date.now()): number | null {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    if (!(e instanceof APIError) || e.status !== 429) continue;
    const header = headerOf(e.headers, 'retry-after');
    if (!header) return DEFAULT_PAUSE_MS;
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
    return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_PAUSE_MS) : DEFAULT_PAUSE_MS;
  }
  return null;
}

function headerOf(headers: unknown, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

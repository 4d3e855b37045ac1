import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, HttpError, JobMatcherError } from '../errors.js';
import { loadedOpenAi } from '../infra/llm.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The service's promise: 3 tries, exponential backoff with full jitter. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 15_000 };

/**
 * Transient: worth another try later (model 429/5xx, timeouts, network). Judged by class and
 * status along the cause chain, never by message text.
 */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

export function isTransient(error: unknown): boolean {
  const sdk = loadedOpenAi();
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    if (e instanceof CancelledError) return false;
    if (e instanceof HttpError) return e.retryable;
    if (sdk && (e instanceof sdk.APIConnectionError || e instanceof sdk.APIConnectionTimeoutError))
      return true;
    if (sdk && e instanceof sdk.APIError)
      return e.status === undefined || e.status === 429 || e.status >= 500;
    if (e instanceof JobMatcherError && 'retryable' in e)
      return Boolean((e as { retryable: unknown }).retryable);
    // A connection cut under us (a Redis restart, a reset socket) is worth another try.
    if (NETWORK_CODES.has(String((e as NodeJS.ErrnoException).code))) return true;
  }
  return false;
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Runs `task`, trying again on transient failures; `onRetry` hears each retry (for counts and logs). */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  options: {
    policy?: RetryPolicy;
    signal?: AbortSignal;
    onRetry?: (error: unknown, attempt: number) => void;
  },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error) || options.signal?.aborted) throw error;
      options.onRetry?.(error, attempt);
      try {
        await sleep(backoffMs(attempt, policy), undefined, { signal: options.signal });
      } catch (cause) {
        throw new CancelledError('cancelled while waiting to retry', { cause });
      }
    }
  }
}

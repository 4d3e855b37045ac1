import pLimit, { type LimitFunction } from 'p-limit';
import PQueue from 'p-queue';
import { CancelledError } from '../errors.js';
import type { ModelOutage } from './model-outage.js';

/**
 * Two limits on the model endpoint: how many generations run at once (p-limit), and how many
 * requests start per minute (p-queue's sliding window). The SDK's own retries happen inside one
 * request slot; they are not counted again here.
 */
export interface LlmLimiter {
  /** Runs one generation when a concurrency slot is free. */
  generation<T>(task: () => Promise<T>): Promise<T>;
  /** Runs one request when the per-minute window allows; rejects with CancelledError on abort. */
  request<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Requests waiting for the window. */
  readonly waiting: number;
}

export interface LimiterOptions {
  concurrency: number;
  requestsPerInterval: number;
  /** One minute unless a test shortens it. */
  intervalMs?: number;
  /** The service waits out a model outage (each try takes its place in the window again). */
  outage?: ModelOutage;
}

export function createLimiter(options: LimiterOptions): LlmLimiter {
  const slots: LimitFunction = pLimit(options.concurrency);
  const window = new PQueue({
    intervalCap: options.requestsPerInterval,
    interval: options.intervalMs ?? 60_000,
    strict: true,
  });
  return {
    generation: (task) => slots(task),
    async request(task, signal) {
      const once = () => window.add(task, { signal });
      try {
        return await (options.outage ? options.outage.run(once, signal) : once());
      } catch (error) {
        if (signal?.aborted)
          throw new CancelledError('cancelled while waiting for the LLM rate limit', { cause: error });
        throw error;
      }
    },
    get waiting() {
      return window.size;
    },
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, describeError, ModelUnavailableError } from '../errors.js';
import { loadedOpenAi } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';

/**
 * Waiting out a model outage (the service's policy; the CLI falls back at once). While the model
 * endpoint does not answer (connection refused or cut, timeouts, 5xx), a call is tried again with
 * exponential backoff (capped, so the endpoint's return is noticed within `maxDelayMs`) for up to
 * `maxOutageMs` since the outage began. The outage is shared by every call of the process: once it
 * has lasted that long, each further call tries once and fails at once with ModelUnavailableError,
 * rather than every item waiting the whole time again. One answer ends the outage.
 */
export interface OutagePolicy {
  maxOutageMs: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Named in the error and the log: where the model was expected. */
  endpoint: string;
  logger: Logger;
  now?: () => number;
}

/** The model is away (not: it refused this request, or asked to slow down, 429). */
export function isModelUnavailable(error: unknown): boolean {
  // The SDK's classes once it is loaded: imported here, it would load the SDK (~0.4 MB) into every
  // start-up, dry runs included. Not loaded yet: no error can have come from it.
  const sdk = loadedOpenAi();
  if (!sdk) return false;
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as Error).cause, depth++) {
    if (e instanceof sdk.APIConnectionError || e instanceof sdk.APIConnectionTimeoutError) return true;
    if (e instanceof sdk.APIError) return e.status === undefined || e.status >= 500;
  }
  return false;
}

export class ModelOutage {
  private downSince: number | null = null;
  private readonly now: () => number;

  constructor(private readonly policy: OutagePolicy) {
    this.now = policy.now ?? Date.now;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const base = this.policy.baseDelayMs ?? 500;
    const cap = this.policy.maxDelayMs ?? 5_000;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await task();
        if (this.downSince !== null) {
          const seconds = Math.round((this.now() - this.downSince) / 1000);
          this.policy.logger.info('model', `${this.policy.endpoint} answers again after ${seconds} s`);
        }
        this.downSince = null;
        return value;
      } catch (error) {
        if (signal?.aborted || !isModelUnavailable(error)) throw error;
        const now = this.now();
        this.downSince ??= now;
        const downMs = now - this.downSince;
        const left = this.policy.maxOutageMs - downMs;
        if (left <= 0) {
          throw new ModelUnavailableError(
            `the model at ${this.policy.endpoint} has not answered for ${Math.round(downMs / 1000)} s (${describeError(error)}); gave up after ${attempt} ${attempt === 1 ? 'try' : 'tries'} (serve.model_outage)`,
            { cause: error },
          );
        }
        const delay = Math.min(
          left,
          Math.round(Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)),
        );
        this.policy.logger.warn(
          'model',
          `${this.policy.endpoint} does not answer (${describeError(error)}); try ${attempt + 1} in ${delay} ms, waiting up to ${Math.round(left / 1000)} s more`,
        );
        try {
          await sleep(delay, undefined, { signal });
        } catch (cause) {
          throw new CancelledError('cancelled while waiting for the model to come back', { cause });
        }
      }
    }
  }
}

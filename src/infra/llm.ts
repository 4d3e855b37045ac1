import { setMaxListeners } from 'node:events';
import type OpenAI from 'openai';
import type { LlmConfig } from '../config/schema.js';

/**
 * The model endpoint: the official `openai` SDK pointed at any OpenAI-compatible server. The
 * SDK's own retry (429/5xx with Retry-After, exponential backoff) is the only retry layer.
 */
export interface LlmClient {
  readonly model: string;
  /** Where requests go, for messages. */
  readonly baseUrl: string;
  /** The SDK client, made on the first request (the SDK is imported just after the LlmClient). */
  openai(): Promise<OpenAI>;
}

type OpenAiSdk = typeof import('openai');
let sdk: OpenAiSdk | null = null;

/**
 * The SDK, imported once a client is made (just after, see createLlmClient): a dry run or an
 * offline run never pays for loading it (about 0.2 s of CPU at start-up).
 */
async function loadOpenAi(): Promise<OpenAiSdk> {
  sdk ??= await import('openai');
  return sdk;
}

/**
 * The SDK's module once a client has been made, else null: its error classes for `instanceof`
 * checks that must stay synchronous. Null means no error can have come from the SDK.
 */
export function loadedOpenAi(): OpenAiSdk | null {
  return sdk;
}

/** The SDK's own default, when the config names no server. */
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export function createLlmClient(config: LlmConfig, apiKey: string): LlmClient {
  let client: Promise<OpenAI> | null = null;
  // A run that will talk to the model loads the SDK while it waits for its first boards (the CPU
  // is idle then), not when the first job is ready for the model: there its ~0.2 s of loading
  // delayed the first reply, and with it every later one. (A dry run makes no client.)
  setImmediate(() => {
    loadOpenAi().catch(() => {
      // Nothing to do here: the first request imports it again and reports the error there.
    });
  }).unref();
  return {
    model: config.model,
    baseUrl: config.base_url ?? OPENAI_BASE_URL,
    openai() {
      client ??= loadOpenAi().then(
        ({ default: OpenAIClient }) =>
          new OpenAIClient({
            apiKey,
            ...(config.base_url ? { baseURL: config.base_url } : {}),
            maxRetries: config.max_retries,
            timeout: config.timeout_ms,
          }),
      );
      return client;
    },
  };
}

/** More than the SDK's attempts for one request (max_retries is at most 10). */
const ATTEMPT_LISTENERS = 16;

/**
 * A signal for one request that follows the run's. The SDK adds an abort listener to the signal
 * it is given, once per attempt, and never removes it: given the run-wide signal, a run collected
 * one listener (and the request's AbortController) per LLM request until it ended (a screening
 * of 1,000 resumes, 1,000 of them). Detaching this one when the request settles leaves the run's
 * signal with only the requests in flight. Every SDK call given a long-lived signal goes through it.
 */
export function sdkRequestSignal(run: AbortSignal): { signal: AbortSignal; detach: () => void } {
  const controller = new AbortController();
  setMaxListeners(ATTEMPT_LISTENERS, controller.signal);
  const abort = () => controller.abort(run.reason);
  if (run.aborted) abort();
  else run.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, detach: () => run.removeEventListener('abort', abort) };
}

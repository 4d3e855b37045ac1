import type { Services } from '../app/services.js';
import type { BrowserConfig, HttpConfig, LlmConfig } from '../config/schema.js';
import { createLimiter } from '../generate/limiter.js';
import { LazyBrowser } from '../infra/browser.js';
import { type Clock, systemClock } from '../infra/clock.js';
import { KyHttpClient } from '../infra/http/client.js';
import { createLlmClient } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';

export interface BatchServicesOptions {
  http: HttpConfig;
  browser: BrowserConfig;
  llm: LlmConfig;
  /** null: no model (offline, or no key). */
  apiKey: string | null;
  logger: Logger;
  signal: AbortSignal;
  clock?: Clock;
}

/**
 * The batch commands' Services, built from the existing pieces until the core's createServices
 * (src/app) is merged; then this function goes and the callers use that one.
 */
export function createBatchServices(options: BatchServicesOptions): Services {
  const browser = new LazyBrowser(options.browser, options.logger);
  const useLlm = options.llm.provider === 'openai' && options.apiKey !== null;
  return {
    http: new KyHttpClient({ ...options.http, logger: options.logger, signal: options.signal }),
    browser,
    llm: useLlm ? createLlmClient(options.llm, options.apiKey!) : null,
    llmLimiter: createLimiter({
      concurrency: options.llm.concurrency,
      requestsPerInterval: options.llm.requests_per_minute,
    }),
    clock: options.clock ?? systemClock,
    logger: options.logger,
    close: () => browser.close(),
  };
}

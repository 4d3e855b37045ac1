import { createServices } from '../app/create-services.js';
import type { Services } from '../app/services.js';
import type { BrowserConfig, HttpConfig, LlmConfig } from '../config/schema.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';

export interface BatchServicesOptions {
  http: HttpConfig;
  browser: BrowserConfig;
  llm: LlmConfig;
  /** null: no model (offline, or no key). */
  apiKey: string | null;
  logger: Logger;
  /** Each request carries its run's signal now; kept so callers need not change. */
  signal?: AbortSignal;
  clock?: Clock;
}

/** The batch commands' Services: the composition root's, from the sections they read. */
export function createBatchServices(options: BatchServicesOptions): Services {
  const env = options.apiKey === null ? {} : { OPENAI_API_KEY: options.apiKey };
  return createServices(options, env, {
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

import type { Config } from '../config/schema.js';
import { createLimiter } from '../generate/limiter.js';
import { ModelOutage } from '../generate/model-outage.js';
import { LazyBrowser } from '../infra/browser.js';
import { type Clock, systemClock } from '../infra/clock.js';
import { createAddressGuard } from '../infra/http/address-guard.js';
import { KyHttpClient } from '../infra/http/client.js';
import { createLlmClient } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';
import type { Services } from './services.js';

export interface ServicesOptions {
  logger: Logger;
  clock?: Clock;
  /** false: no model client even with a key (a dry run never generates). Default true. */
  generate?: boolean;
  /** The requests-per-minute window; one minute unless a test shortens it. */
  rateWindowMs?: number;
  /**
   * The service's guard against server-side request forgery: the HTTP client refuses loopback,
   * private and link-local addresses except these (serve.url_allowlist). Absent: no guard (the
   * CLI reads what its own user configured).
   */
  guardAddresses?: { allow: string[] };
  /**
   * A service waits out a model outage (connection refused, timeouts, 5xx) this long, with
   * backoff, before the items that need the model fail (serve.model_outage). Absent: a run's
   * retries decide alone (a CLI user is there to try again).
   */
  modelOutageMs?: number;
}

/**
 * The composition root: everything that lives as long as the process, built once from the
 * config and the environment (OPENAI_API_KEY), shared by every run the process starts. The HTTP
 * client holds no signal (each request carries its run's); the model limiter is the one every
 * run's generator goes through. The caller closes what this started (the browser).
 */
export function createServices(
  config: Pick<Config, 'llm' | 'http' | 'browser'>,
  env: NodeJS.ProcessEnv,
  options: ServicesOptions,
): Services {
  const { logger } = options;
  const apiKey = env['OPENAI_API_KEY'];
  const useLlm = config.llm.provider === 'openai' && Boolean(apiKey) && options.generate !== false;
  const browser = new LazyBrowser(config.browser, logger);
  const guard = options.guardAddresses ? createAddressGuard({ allow: options.guardAddresses.allow }) : null;
  return {
    http: new KyHttpClient({ ...config.http, logger, ...(guard ? { dispatcher: guard.dispatcher } : {}) }),
    browser,
    llm: useLlm && apiKey ? createLlmClient(config.llm, apiKey) : null,
    llmLimiter: createLimiter({
      concurrency: config.llm.concurrency,
      requestsPerInterval: config.llm.requests_per_minute,
      intervalMs: options.rateWindowMs,
      ...(options.modelOutageMs !== undefined
        ? {
            outage: new ModelOutage({
              maxOutageMs: options.modelOutageMs,
              endpoint: config.llm.base_url ?? 'https://api.openai.com/v1',
              logger,
            }),
          }
        : {}),
    }),
    clock: options.clock ?? systemClock,
    logger,
    close: async () => {
      await browser.close();
      await guard?.close();
    },
  };
}

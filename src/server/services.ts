import type { Services } from '../app/services.js';
import { createLimiter } from '../generate/limiter.js';
import { ModelOutage } from '../generate/model-outage.js';
import { LazyBrowser } from '../infra/browser.js';
import { systemClock } from '../infra/clock.js';
import { KyHttpClient } from '../infra/http/client.js';
import { createLlmClient } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';
import type { ServeFileConfig } from './config.js';

/**
 * The server's Services: one HTTP client, one lazy browser and one model client with one limiter
 * for every task, so llm.requests_per_minute and llm.concurrency hold across all tasks together.
 */
export function createServerServices(
  config: Pick<ServeFileConfig, 'llm' | 'http' | 'browser' | 'serve'>,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Services {
  const apiKey = env['OPENAI_API_KEY'];
  const llm = config.llm.provider === 'openai' && apiKey ? createLlmClient(config.llm, apiKey) : null;
  const browser = new LazyBrowser(config.browser, logger);
  return {
    http: new KyHttpClient({ ...config.http, logger }),
    browser,
    llm,
    llmLimiter: createLimiter({
      concurrency: config.llm.concurrency,
      requestsPerInterval: config.llm.requests_per_minute,
      // A service waits out a model outage (serve.model_outage) instead of failing the items.
      outage: new ModelOutage({
        maxOutageMs: config.serve.model_outage,
        endpoint: config.llm.base_url ?? 'https://api.openai.com/v1',
        logger,
      }),
    }),
    clock: systemClock,
    logger,
    close: () => browser.close(),
  };
}

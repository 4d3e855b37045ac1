import { createServices } from '../app/create-services.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../infra/logger.js';
import type { ServeFileConfig } from './config.js';

/**
 * The service's Services, from the one composition root (createServices): one HTTP client, one
 * lazy browser and one model client with one limiter for every task, so llm.requests_per_minute
 * and llm.concurrency hold across all tasks together. Unlike the CLI's, its HTTP client refuses
 * loopback, private and link-local addresses (URLs come from people the service does not
 * control), except serve.url_allowlist.
 */
export function createServerServices(
  config: Pick<ServeFileConfig, 'llm' | 'http' | 'browser' | 'serve'>,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Services {
  return createServices(config, env, {
    logger,
    guardAddresses: { allow: config.serve.url_allowlist },
    modelOutageMs: config.serve.model_outage,
  });
}

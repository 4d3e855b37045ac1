import type { Services } from '../../src/app/services.js';
import { LlmConfig } from '../../src/config/schema.js';
import { createLimiter } from '../../src/generate/limiter.js';
import { createLlmClient } from '../../src/infra/llm.js';
import { testDeps } from './deps.js';

/**
 * Services over real peers for queue and task tests: the real HTTP client, a browser never
 * launched unless asked for, a memory logger, and the model client pointed at the local
 * OpenAI-compatible server when `llmBaseUrl` is given (no SDK retries: the queue's own count).
 */
export function testServices(options: { llmBaseUrl?: string } = {}): Services {
  const { deps, close } = testDeps();
  const llm = options.llmBaseUrl
    ? createLlmClient(
        LlmConfig.parse({ base_url: options.llmBaseUrl, max_retries: 0, timeout_ms: 10_000 }),
        'test',
      )
    : null;
  return {
    http: deps.http,
    browser: deps.browser,
    llm,
    llmLimiter: createLimiter({ concurrency: 8, requestsPerInterval: 10_000 }),
    clock: deps.clock,
    logger: deps.logger,
    close,
  };
}

import { tmpdir } from 'node:os';
import { BrowserConfig, HttpConfig } from '../../src/config/schema.js';
import { LazyBrowser } from '../../src/infra/browser.js';
import { type Clock, systemClock } from '../../src/infra/clock.js';
import type { Deps } from '../../src/infra/deps.js';
import { type HttpClientOptions, KyHttpClient } from '../../src/infra/http/client.js';
import { MemoryLogger } from '../../src/infra/logger.js';

/**
 * A Deps over real peers for tests: the real HTTP client (point it at the simulator), a memory
 * logger to read back, a browser that is never launched unless a test asks for one, no LLM.
 * Backoff is in milliseconds so that retry tests stay quick; Retry-After is still honoured.
 */
export interface TestDeps {
  deps: Deps;
  logger: MemoryLogger;
  abort: AbortController;
  /** Closes the browser if a test started it. */
  close(): Promise<void>;
}

export interface TestDepsOptions {
  /** Overrides of the `http` config section (timeout_ms, retries, ...). */
  http?: Partial<HttpConfig>;
  /** Overrides of the client's own knobs (backoffBaseMs, maxRetryAfterMs, ...). */
  client?: Partial<Omit<HttpClientOptions, keyof HttpConfig>>;
  clock?: Clock;
  outputRoot?: string;
}

export function testDeps(options: TestDepsOptions = {}): TestDeps {
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const http = new KyHttpClient({
    ...HttpConfig.parse({ timeout_ms: 2_000, retries: 3, ...options.http }),
    logger,
    signal: abort.signal,
    backoffBaseMs: 5,
    backoffLimitMs: 50,
    maxRetryAfterMs: 2_000,
    ...options.client,
  });
  const browser = new LazyBrowser(BrowserConfig.parse({}), logger);
  return {
    deps: {
      http,
      browser,
      llm: null,
      logger,
      clock: options.clock ?? systemClock,
      outputRoot: options.outputRoot ?? tmpdir(),
      signal: abort.signal,
    },
    logger,
    abort,
    close: () => browser.close(),
  };
}

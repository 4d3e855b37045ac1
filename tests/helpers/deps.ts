import type { RunContext, StageDeps } from '../../src/app/context.js';
import { createRunEvents } from '../../src/app/events.js';
import type { Services } from '../../src/app/services.js';
import { BrowserConfig, HttpConfig } from '../../src/config/schema.js';
import { createLimiter } from '../../src/generate/limiter.js';
import { LazyBrowser } from '../../src/infra/browser.js';
import { type Clock, systemClock } from '../../src/infra/clock.js';
import { type HttpClientOptions, KyHttpClient } from '../../src/infra/http/client.js';
import { MemoryLogger } from '../../src/infra/logger.js';

/**
 * A stage's deps over real peers for tests: the real HTTP client (point it at the simulator), a
 * memory logger to read back, a browser that is never launched unless a test asks for one, and
 * the run's signal. Backoff is in milliseconds so that retry tests stay quick; Retry-After is
 * still honoured.
 */
export interface TestDeps {
  deps: StageDeps;
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
}

export function testDeps(options: TestDepsOptions = {}): TestDeps {
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const http = new KyHttpClient({
    ...HttpConfig.parse({ timeout_ms: 2_000, retries: 3, ...options.http }),
    logger,
    backoffBaseMs: 5,
    backoffLimitMs: 50,
    maxRetryAfterMs: 2_000,
    ...options.client,
  });
  const browser = new LazyBrowser(BrowserConfig.parse({}), logger);
  return {
    deps: { http, browser, logger, clock: options.clock ?? systemClock, signal: abort.signal },
    logger,
    abort,
    close: () => browser.close(),
  };
}

/** GET (or POST with `json`) and parse the JSON body: how the simulator tests read its APIs. */
export async function getJson(
  deps: Pick<StageDeps, 'http' | 'signal'>,
  url: string,
  options: { json?: unknown } = {},
): Promise<unknown> {
  const res = await deps.http.request(url, {
    ...options,
    headers: { accept: 'application/json' },
    signal: deps.signal,
  });
  return JSON.parse(res.text);
}

/** The process's services over the same real peers, for tests that run a whole pipeline. */
export function testServices(options: TestDepsOptions = {}): TestDeps & { services: Services } {
  const t = testDeps(options);
  const { signal: _signal, ...rest } = t.deps;
  return {
    ...t,
    services: {
      ...rest,
      llm: null,
      llmLimiter: createLimiter({ concurrency: 2, requestsPerInterval: 60 }),
      close: t.close,
    },
  };
}

/** A run's context: its id, the test's abort signal, the memory logger, fresh events. */
export function testRun(t: TestDeps, runId: string): RunContext {
  return { runId, signal: t.abort.signal, logger: t.logger, events: createRunEvents() };
}

import type { LlmLimiter } from '../generate/limiter.js';
import type { BrowserProvider } from '../infra/browser.js';
import type { Clock } from '../infra/clock.js';
import type { HttpClient } from '../infra/http/client.js';
import type { LlmClient } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';

/**
 * What lives as long as the process, built once by `createServices` (the composition root) and
 * shared by every run in it: one HTTP client (per-host politeness across runs), one lazily
 * started browser, one model client with one limiter (so `llm.requests_per_minute` and
 * `llm.concurrency` hold for all runs together), the clock. Budgets are per run, not here.
 * Stages take `Pick<Services, ...>` of what they use. Whoever called createServices calls close().
 */
export interface Services {
  http: HttpClient;
  browser: BrowserProvider;
  /** null when generation is offline (no API key, or provider "offline"). */
  llm: LlmClient | null;
  llmLimiter: LlmLimiter;
  clock: Clock;
  /** The process's logger; a run logs through its RunContext's logger. */
  logger: Logger;
  close(): Promise<void>;
}

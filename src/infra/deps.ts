import type { BrowserProvider } from './browser.js';
import type { Clock } from './clock.js';
import type { HttpClient } from './http/client.js';
import type { LlmClient } from './llm.js';
import type { Logger } from './logger.js';

/**
 * Everything a stage talks to outside its own code. Stages receive it; they never build their
 * own. Tests hand in real local peers (the simulator, the local OpenAI-compatible server).
 * Whoever creates a Deps closes what it started (the browser).
 */
export interface Deps {
  http: HttpClient;
  /** Started on first use only; closed by whoever built the Deps. */
  browser: BrowserProvider;
  /** null when generation is offline (no API key or provider "offline"). */
  llm: LlmClient | null;
  logger: Logger;
  clock: Clock;
  /** Absolute; the run's folders go below it. */
  outputRoot: string;
  /** Fires on Ctrl-C: stop starting work, finish or abandon what is in flight. */
  signal: AbortSignal;
}

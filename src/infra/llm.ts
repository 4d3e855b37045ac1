import OpenAI from 'openai';
import type { LlmConfig } from '../config/schema.js';

/**
 * The model endpoint: the official `openai` SDK pointed at any OpenAI-compatible server. The
 * SDK's own retry (429/5xx with Retry-After, exponential backoff) is the only retry layer.
 */
export interface LlmClient {
  readonly openai: OpenAI;
  readonly model: string;
}

export function createLlmClient(config: LlmConfig, apiKey: string): LlmClient {
  const openai = new OpenAI({
    apiKey,
    ...(config.base_url ? { baseURL: config.base_url } : {}),
    maxRetries: config.max_retries,
    timeout: config.timeout_ms,
  });
  return { openai, model: config.model };
}

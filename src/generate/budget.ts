import type { LlmConfig } from '../config/schema.js';
import type { TokenUsage } from './types.js';

type Prices = Pick<LlmConfig, 'input_usd_per_mtok' | 'output_usd_per_mtok'>;
type Limits = Pick<LlmConfig, 'max_tokens_per_run' | 'max_cost_usd'>;

/** Estimated cost in USD from the configured per-million-token prices. */
export function usageOf(promptTokens: number, completionTokens: number, prices: Prices): TokenUsage {
  const costUsd =
    (promptTokens * prices.input_usd_per_mtok + completionTokens * prices.output_usd_per_mtok) / 1e6;
  return { promptTokens, completionTokens, costUsd };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

export const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };

/**
 * The run's spend against its limits. Checked before a generation starts, never in the middle of
 * one: a generation in flight finishes (and its retry may run), new ones do not start.
 */
export class Budget {
  private spent: TokenUsage = NO_USAGE;

  constructor(private readonly limits: Limits) {}

  add(usage: TokenUsage): void {
    this.spent = addUsage(this.spent, usage);
  }

  get total(): TokenUsage {
    return this.spent;
  }

  /** Why no new generation may start, or null while there is budget left. */
  exhaustedReason(): string | null {
    const { max_tokens_per_run: maxTokens, max_cost_usd: maxCost } = this.limits;
    const tokens = this.spent.promptTokens + this.spent.completionTokens;
    if (maxTokens !== undefined && tokens >= maxTokens) {
      return `LLM budget spent: ${tokens} tokens used of llm.max_tokens_per_run ${maxTokens}; raise it to generate more`;
    }
    if (maxCost !== undefined && this.spent.costUsd >= maxCost) {
      return `LLM budget spent: about $${this.spent.costUsd.toFixed(4)} of llm.max_cost_usd $${maxCost}; raise it to generate more`;
    }
    return null;
  }
}

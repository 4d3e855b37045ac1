import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { CancelledError, LlmError } from '../errors.js';
import { type LlmClient, loadedOpenAi, sdkRequestSignal } from '../infra/llm.js';
import type { Logger } from '../infra/logger.js';
import type { LlmLimiter } from './limiter.js';
import type { OutputFormat } from './prompt.js';
import { DRAFT_JSON_SCHEMA, DRAFT_SCHEMA_NAME } from './reply-schema.js';

export interface CompletionReply {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * One chat completion through the official SDK. Structured output (`response_format` json_schema,
 * strict) first; a server that answers 400 to it (older vLLM and Ollama builds, some proxies) is
 * switched to plain JSON prompting once, for the rest of the run. 429 and 5xx are retried by the
 * SDK itself (maxRetries from the config, Retry-After honoured); nothing here retries on top.
 */
export class OpenAiProvider {
  private mode: OutputFormat = 'json_schema';

  constructor(
    private readonly client: LlmClient,
    private readonly limiter: LlmLimiter,
    private readonly logger: Logger,
    private readonly signal: AbortSignal,
  ) {}

  get model(): string {
    return this.client.model;
  }

  get outputFormat(): OutputFormat {
    return this.mode;
  }

  /** `build` gives the messages for a reply mode, since plain mode carries the schema in the prompt. */
  async complete(build: (mode: OutputFormat) => ChatCompletionMessageParam[]): Promise<CompletionReply> {
    const mode = this.mode;
    try {
      return await this.send(build(mode), mode);
    } catch (error) {
      if (mode !== 'json_schema' || !rejectsResponseFormat(error)) throw this.wrap(error);
      if (this.mode === 'json_schema') {
        this.mode = 'plain';
        this.logger.info(
          'generate',
          `${this.client.baseUrl} does not accept response_format json_schema; asking for plain JSON instead for this run`,
        );
      }
      try {
        return await this.send(build('plain'), 'plain');
      } catch (second) {
        throw this.wrap(second);
      }
    }
  }

  private async send(messages: ChatCompletionMessageParam[], mode: OutputFormat): Promise<CompletionReply> {
    // Loaded outside the model slot: the first request imports the SDK.
    const openai = await this.client.openai();
    const request = sdkRequestSignal(this.signal);
    const completion = await this.limiter
      .request(
        () =>
          openai.chat.completions.create(
            {
              model: this.client.model,
              messages,
              // No temperature: reasoning models refuse any but the default, and the cache already
              // makes a job's output repeat across runs.
              ...(mode === 'json_schema'
                ? {
                    response_format: {
                      type: 'json_schema' as const,
                      json_schema: { name: DRAFT_SCHEMA_NAME, schema: DRAFT_JSON_SCHEMA, strict: true },
                    },
                  }
                : {}),
            },
            { signal: request.signal },
          ),
        this.signal,
      )
      .finally(request.detach);
    const message = completion.choices[0]?.message;
    if (message?.refusal) throw new LlmError(`the model refused: ${message.refusal}`);
    const text = message?.content ?? '';
    const sent = messages.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
    // A server that omits usage is still counted, at the usual four characters per token.
    return {
      text,
      promptTokens: completion.usage?.prompt_tokens ?? Math.ceil(sent / 4),
      completionTokens: completion.usage?.completion_tokens ?? Math.ceil(text.length / 4),
    };
  }

  private wrap(error: unknown): Error {
    if (error instanceof CancelledError || error instanceof LlmError) return error;
    const sdk = loadedOpenAi();
    if ((sdk && error instanceof sdk.APIUserAbortError) || this.signal.aborted)
      return new CancelledError('cancelled', { cause: error });
    const where = this.client.baseUrl;
    if (sdk && error instanceof sdk.APIError && error.status !== undefined) {
      const hint =
        error.status === 401
          ? '; check OPENAI_API_KEY'
          : error.status === 404
            ? `; check llm.model "${this.model}" and llm.base_url`
            : '';
      return new LlmError(`${where}: HTTP ${error.status}: ${error.message}${hint}`, { cause: error });
    }
    const why = error instanceof Error ? error.message : String(error);
    return new LlmError(
      `${where}: request failed: ${why}; check llm.base_url and that the server is running`,
      {
        cause: error,
      },
    );
  }
}

/** A 400 that is about response_format, whichever way the server words it. */
export function rejectsResponseFormat(error: unknown): boolean {
  const sdk = loadedOpenAi();
  if (!sdk || !(error instanceof sdk.APIError) || error.status !== 400) return false;
  return (
    error.param === 'response_format' || /response_format|json_schema|structured output/i.test(error.message)
  );
}

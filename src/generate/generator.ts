import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StageDeps } from '../app/context.js';
import type { LlmConfig } from '../config/schema.js';
import { BudgetExceededError, CancelledError, describeError, throwIfCancelled } from '../errors.js';
import { assembleDraft } from './assemble.js';
import { addUsage, Budget, NO_USAGE, usageOf } from './budget.js';
import { GenerationCache, generationKey } from './cache.js';
import { checkFacts } from './fact-guard.js';
import { type JobText, jobText } from './job-text.js';
import { generateOffline } from './offline.js';
import { OpenAiProvider } from './openai-provider.js';
import { buildMessages, PROMPT_VERSION, type PromptFeedback, SYSTEM_PROMPT } from './prompt.js';
import { describeDraftIssues, extractJson, TailoredDraft } from './reply-schema.js';
import { describeTailoring } from './tailoring.js';
import type { CoverLetter, GenerationInput, GenerationResult, TailoredResume, TokenUsage } from './types.js';

export interface GeneratorOptions {
  llm: LlmConfig;
  cacheDir: string;
}

export interface GeneratorUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Results returned: from the model, the offline generator, or the cache. */
  generations: number;
  /** Of those, offline fallbacks after the model failed or was rejected twice. */
  fallbacks: number;
  /** Of those, served from the generation cache (no request made). */
  cached: number;
  /** True once a job was refused because the run's budget was spent. */
  budgetExhausted: boolean;
}

export interface Generator {
  /**
   * Throws CancelledError on Ctrl-C and BudgetExceededError when the run's budget is spent; any
   * other failure becomes an offline result with `fallbackReason`.
   */
  generate(input: GenerationInput): Promise<GenerationResult>;
  usage(): GeneratorUsage;
}

/** One try, then one retry with the problems listed, then offline: bounded, never a loop. */
const MAX_ATTEMPTS = 2;

type Verdict =
  | { ok: true; resume: TailoredResume; coverLetter: CoverLetter; violations: string[] }
  | { ok: false; problems: string[] };

/**
 * One run's (one candidate's) generator. The model client and its limiter are the process's
 * (`Services`), so every run shares `requests_per_minute` and `concurrency`; the budget and the
 * counts are this generator's own.
 */
export function createGenerator(
  opts: GeneratorOptions,
  deps: StageDeps<'llm' | 'llmLimiter' | 'clock'>,
): Generator {
  const { logger, signal } = deps;
  const limiter = deps.llmLimiter;
  const provider =
    deps.llm && opts.llm.provider === 'openai' ? new OpenAiProvider(deps.llm, limiter, logger, signal) : null;
  const cache = new GenerationCache(opts.cacheDir);
  const budget = new Budget(opts.llm);
  const inflight = new Map<string, Promise<{ result: GenerationResult; fresh: boolean }>>();
  const counts = { generations: 0, fallbacks: 0, cached: 0 };
  let budgetExhausted = false;

  const guard = (input: GenerationInput, job: JobText, resume: TailoredResume, coverLetter: CoverLetter) =>
    checkFacts({
      resume,
      coverLetter,
      profile: input.profile,
      job,
      secretTexts: [SYSTEM_PROMPT],
      now: deps.clock.now(),
    });

  function offline(
    input: GenerationInput,
    job: JobText,
    why: string | null,
    spent: TokenUsage,
    rejected: string[],
    attempts: number,
  ): GenerationResult {
    const { resume, coverLetter } = generateOffline({
      profile: input.profile,
      job,
      companyAbout: input.companyAbout,
    });
    const verdict = guard(input, job, resume, coverLetter);
    if (!verdict.passed)
      logger.warn(
        'generate',
        `${input.job.listing.id}: offline result fails the fact guard: ${verdict.violations.join('; ')}`,
      );
    counts.generations++;
    if (why) {
      counts.fallbacks++;
      logger.warn('generate', `${job.company} / ${job.title}: using the offline generator: ${why}`);
    }
    return {
      resume,
      coverLetter,
      generator: 'offline',
      model: null,
      fallbackReason: why,
      usage: spent,
      factGuard: { ...verdict, rejectedAttempts: attempts, rejectedViolations: rejected },
      cached: false,
      promptVersion: PROMPT_VERSION,
    };
  }

  function judge(input: GenerationInput, job: JobText, text: string): Verdict {
    let raw: unknown;
    try {
      raw = extractJson(text);
    } catch (error) {
      return { ok: false, problems: [`the reply is not valid JSON (${describeError(error)})`] };
    }
    const parsed = TailoredDraft.safeParse(raw);
    if (!parsed.success)
      return { ok: false, problems: describeDraftIssues(parsed.error).map((p) => `schema: ${p}`) };
    const { resume, coverLetter } = assembleDraft(parsed.data, input.profile);
    const verdict = guard(input, job, resume, coverLetter);
    return verdict.passed
      ? { ok: true, resume, coverLetter, violations: [] }
      : { ok: false, problems: verdict.violations };
  }

  async function withModel(
    model: OpenAiProvider,
    input: GenerationInput,
    job: JobText,
  ): Promise<GenerationResult> {
    throwIfCancelled(signal);
    const spentReason = budget.exhaustedReason();
    if (spentReason) {
      budgetExhausted = true;
      throw new BudgetExceededError(input.job.listing.id, spentReason);
    }
    let spent = NO_USAGE;
    let feedback: PromptFeedback | undefined;
    const rejected: string[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let reply: Awaited<ReturnType<OpenAiProvider['complete']>>;
      try {
        const prompt = { profile: input.profile, job, companyAbout: input.companyAbout };
        // The slot is held for the model's answer alone: parsing and checking the reply (the fact
        // guard's first check builds its patterns, ~0.15 s) ran in it and kept the next job's
        // request from starting. A rejected reply's next try takes its turn again.
        reply = await limiter.generation(() =>
          model.complete((mode) => buildMessages(prompt, mode, feedback)),
        );
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        return offline(
          input,
          job,
          `LLM request failed: ${describeError(error)}`,
          spent,
          rejected,
          attempt - 1,
        );
      }
      // Checked on the event loop's next turn: the freed slot has started the next job's request
      // in microtasks, and checking this reply first (tens of ms of the fact guard, with several
      // replies in a row) held that request back from the socket, round after round.
      await nextTurn();
      const used = usageOf(reply.promptTokens, reply.completionTokens, opts.llm);
      spent = addUsage(spent, used);
      budget.add(used);
      const verdict = judge(input, job, reply.text);
      if (verdict.ok) {
        const result: GenerationResult = {
          resume: verdict.resume,
          coverLetter: verdict.coverLetter,
          generator: 'openai',
          model: model.model,
          fallbackReason: null,
          usage: spent,
          factGuard: {
            passed: true,
            violations: [],
            rejectedAttempts: attempt - 1,
            rejectedViolations: rejected,
          },
          cached: false,
          promptVersion: PROMPT_VERSION,
        };
        counts.generations++;
        logger.debug(
          'generate',
          `${job.company} / ${job.title}: generated by ${model.model} (${spent.promptTokens + spent.completionTokens} tokens)`,
        );
        return result;
      }
      rejected.push(...verdict.problems);
      feedback = { reply: reply.text, problems: verdict.problems };
      logger.debug(
        'generate',
        `${job.company} / ${job.title}: reply ${attempt} rejected: ${verdict.problems.join('; ')}`,
      );
    }
    const last = feedback?.problems.slice(0, 3).join('; ') ?? 'no usable reply';
    return offline(
      input,
      job,
      `model reply rejected ${MAX_ATTEMPTS} times (${last})`,
      spent,
      rejected,
      MAX_ATTEMPTS,
    );
  }

  async function generate(input: GenerationInput): Promise<GenerationResult> {
    throwIfCancelled(signal);
    const job = jobText(input.job);
    if (!provider) return offline(input, job, null, NO_USAGE, [], 0);
    const key = generationKey({
      profile: input.profile,
      job,
      companyAbout: input.companyAbout,
      model: provider.model,
      promptVersion: PROMPT_VERSION,
    });
    // Registered before the first await, so a second identical job in the same tick shares it.
    const running = inflight.get(key);
    if (running) return fromCache((await running).result);
    const pending = (async () => {
      const hit = await cache.get(key);
      if (hit) return { result: hit, fresh: false };
      const result = await withModel(provider, input, job);
      // Stored outside the LLM slot: the write waits on the disk (bench (b): 38 ms on average,
      // up to 0.5 s), and in the slot that wait held the model back from the next job.
      if (result.generator === 'openai') await store(key, result);
      return { result, fresh: true };
    })();
    inflight.set(key, pending);
    try {
      const { result, fresh } = await pending;
      return fresh ? result : fromCache(result);
    } finally {
      inflight.delete(key);
    }
  }

  async function store(key: string, result: GenerationResult): Promise<void> {
    await cache.set(key, result).catch((error: unknown) => {
      logger.warn(
        'generate',
        `cannot write the generation cache (${describeError(error)}); the job will be generated again next run`,
      );
    });
  }

  function fromCache(result: GenerationResult): GenerationResult {
    counts.generations++;
    counts.cached++;
    return { ...result, cached: true, usage: NO_USAGE };
  }

  return {
    async generate(input) {
      let result: GenerationResult;
      try {
        result = await generate(input);
      } catch (error) {
        if (error instanceof CancelledError || error instanceof BudgetExceededError) throw error;
        // Only a bug gets here; the job still gets its truthful offline result.
        const job = jobText(input.job);
        result = offline(input, job, `generation failed: ${describeError(error)}`, NO_USAGE, [], 0);
      }
      return { ...result, tailoring: describeTailoring(input.profile, result.resume, result.coverLetter) };
    },
    usage: () => ({ ...budget.total, ...counts, budgetExhausted }),
  };
}

/**
 * The one error tree. The class decides the policy, so callers branch on `instanceof`, never on
 * message text:
 *
 * - fatal (exit 2): ConfigError, ProfileError, UsageError, OutputError, TemplateError: the run
 *   cannot go on.
 * - SourceError: one company is skipped; the others go on.
 * - HttpError: retryable when `retryable` (429, 5xx, network, timeout); otherwise final.
 * - JobError: one job is skipped or falls back (description fetch, generation); the others go on.
 * - LlmError: the model endpoint failed; the job falls back to the offline generator.
 * - CancelledError: Ctrl-C / AbortSignal; exit 130.
 *
 * Every error carries `{ cause }` when it wraps another, a stable `code`, its context as `fields`
 * (company, jobId, stage, url, file) and its `reason` without them; `message` puts the context in
 * front for a person. Exit codes are mapped from the class in src/cli only.
 */
export type ErrorFields = Record<string, string | number | null>;

export abstract class JobMatcherError extends Error {
  /** Stable, for programs (events, the API, run records): never reworded. */
  abstract readonly code: string;
  /** Process exit code when this error ends the run; the CLI maps it (src/cli only). */
  abstract readonly exitCode: number;
  /** True when the whole run must stop. */
  abstract readonly fatal: boolean;
  /** What went wrong, without the context fields (which `message` puts in front of it). */
  readonly reason: string;
  /** Context as fields (company, jobId, stage, url, file), for records and events. */
  readonly fields: ErrorFields;

  constructor(reason: string, options?: { cause?: unknown; fields?: ErrorFields; message?: string }) {
    super(options?.message ?? reason, options);
    this.name = new.target.name;
    this.reason = reason;
    this.fields = options?.fields ?? {};
  }
}

/** A problem in a config file. `problems` holds one `file: path: expected …` line each. */
export class ConfigError extends JobMatcherError {
  readonly code = 'CONFIG_INVALID';
  readonly exitCode = 2;
  readonly fatal = true;
  readonly problems: string[];

  constructor(problems: string[] | string, options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'), options);
    this.problems = list;
  }
}

/** The resume cannot be read into a Profile (missing, corrupt, encrypted, scanned, empty). */
export class ProfileError extends JobMatcherError {
  readonly code = 'RESUME_UNREADABLE';
  readonly exitCode = 2;
  readonly fatal = true;

  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, { ...options, fields: { file }, message: `${file}: ${reason}` });
  }
}

/** Bad command-line usage. */
export class UsageError extends JobMatcherError {
  readonly code = 'USAGE';
  readonly exitCode = 2;
  readonly fatal = true;
}

/** The output directory or state file cannot be written. */
export class OutputError extends JobMatcherError {
  readonly code = 'OUTPUT_FAILED';
  readonly exitCode = 2;
  readonly fatal = true;

  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, { ...options, fields: { file: path }, message: `${path}: ${reason}` });
  }
}

/**
 * Where results are kept cannot be written: the disk is full or read-only, the folder is gone or
 * not a folder, or Redis refuses writes (maxmemory, a failed AOF). Not the user's input: the
 * server refuses new work with 507 and Retry-After until it can write again; a CLI run stops.
 */
export class StorageUnwritableError extends JobMatcherError {
  readonly code = 'STORAGE_UNWRITABLE';
  readonly exitCode = 2;
  readonly fatal = true;
  readonly retryable = false;

  constructor(
    readonly where: string,
    reason: string,
    readonly retryAfterSeconds = 30,
    options?: { cause?: unknown },
  ) {
    super(reason, { ...options, fields: { file: where }, message: `${where} cannot be written: ${reason}` });
  }
}

/**
 * The user's DOCX template cannot be used (unknown tag, broken loop, not a DOCX). Refused before
 * any resume is read; `problems` holds one "what, where" line each.
 */
export class TemplateError extends JobMatcherError {
  readonly code = 'TEMPLATE_INVALID';
  readonly exitCode = 2;
  readonly fatal = true;
  readonly problems: string[];

  constructor(
    readonly file: string,
    problems: string[],
    options?: { cause?: unknown },
  ) {
    const reason = `the template cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    super(reason, { ...options, fields: { file }, message: `${file}: ${reason}` });
    this.problems = problems;
  }
}

/** One company's board could not be read. The run goes on without it. */
export class SourceError extends JobMatcherError {
  readonly code = 'SOURCE_FAILED';
  readonly exitCode = 1;
  readonly fatal = false;

  constructor(
    readonly company: string,
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${reason}`, {
      ...options,
      fields: { company, url, stage: 'scrape' },
      message: `${company}: ${url}: ${reason}`,
    });
  }
}

/** An HTTP exchange failed. `status` is undefined for network errors and timeouts. */
export class HttpError extends JobMatcherError {
  readonly code = 'HTTP_FAILED';
  readonly exitCode = 1;
  readonly fatal = false;

  constructor(
    readonly url: string,
    readonly status: number | undefined,
    reason: string,
    options?: { cause?: unknown; body?: string },
  ) {
    super(reason, {
      ...options,
      fields: { url, status: status ?? null },
      message: `${reason} (${url})`,
    });
    this.body = options?.body;
  }

  readonly body: string | undefined;

  /** 408, 429, 5xx and network failures may succeed when tried again. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/**
 * A URL submitted to the service leads to an address it may not call (loopback, private,
 * link-local, metadata), directly, through a redirect, or through a name that resolves there.
 * Final: asking again would reach the same place.
 */
export class BlockedAddressError extends JobMatcherError {
  readonly code = 'URL_BLOCKED';
  readonly exitCode = 2;
  readonly fatal = false;

  constructor(
    readonly url: string,
    readonly address: string,
    reason: string,
  ) {
    super(
      `refused to connect to ${address}: ${reason}; an administrator can allow it with serve.url_allowlist`,
      {
        fields: { url, address },
        message: `${url}: refused to connect to ${address}: ${reason}; an administrator can allow it with serve.url_allowlist`,
      },
    );
  }
}

/** One job could not be completed (description, generation, writing). Others go on. */
export class JobError extends JobMatcherError {
  readonly code: string = 'JOB_FAILED';
  readonly exitCode = 1;
  readonly fatal = false;

  constructor(
    readonly jobId: string,
    readonly stage: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, { ...options, fields: { jobId, stage }, message: `${jobId}: ${stage}: ${reason}` });
  }
}

/**
 * The run's LLM budget (llm.max_tokens_per_run or llm.max_cost_usd) is spent: no new generation
 * starts. The pipeline records the job as "skipped: budget"; the run still finishes.
 */
export class BudgetExceededError extends JobError {
  override readonly code = 'BUDGET_SPENT';
  constructor(jobId: string, reason: string, options?: { cause?: unknown }) {
    super(jobId, 'generate', reason, options);
  }
}

/** The LLM endpoint failed or answered unusably; the job falls back to the offline generator. */
export class LlmError extends JobMatcherError {
  readonly code: string = 'LLM_FAILED';
  readonly exitCode = 1;
  readonly fatal = false;
}

/**
 * The model endpoint did not answer (connection refused or cut, timeouts, 5xx) for longer than the
 * service waits out an outage (serve.model_outage): the item fails; trying it again at once would
 * meet the same outage, so it is final.
 */
export class ModelUnavailableError extends LlmError {
  override readonly code = 'MODEL_UNAVAILABLE';
  readonly retryable = false;
}

/**
 * The queue's store (Redis) cannot be reached: nothing was accepted. The server answers 503 with
 * Retry-After `retryAfterSeconds`; the connection comes back by itself.
 */
export class QueueUnavailableError extends JobMatcherError {
  readonly code = 'QUEUE_UNAVAILABLE';
  readonly exitCode = 1;
  readonly fatal = false;
  readonly retryable = true;

  constructor(
    reason: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(reason, {
      ...options,
      message: `the task queue is unavailable: ${reason}; try again in ${retryAfterSeconds} s`,
    });
  }
}

/** The run was cancelled (Ctrl-C or SIGTERM). */
export class CancelledError extends JobMatcherError {
  readonly code = 'CANCELLED';
  readonly exitCode = 130;
  readonly fatal = true;

  constructor(message = 'cancelled', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Throws CancelledError when the signal has fired; call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('cancelled', { cause: signal.reason });
}

/** A short one-line reason for logs and summaries, including the first cause. */
export function describeError(error: unknown): string {
  // Our own messages already carry their reason and the URL or file; a cause would repeat it.
  if (error instanceof JobMatcherError) return error.message;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BrowserConfig, HttpConfig, LlmConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';

const positiveInt = z.int().positive();
/** "1h", "30m", "90s", "500ms" or a number of milliseconds. */
const duration = z.union([
  z.int().min(0),
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration like "90s", "30m", "1h"')
    .transform((text) => {
      const [, n, unit] = text.match(/^(\d+)(ms|s|m|h|d)$/) as RegExpMatchArray;
      const ms = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
      return Number(n) * ms;
    }),
]);

export const ServeConfig = z.strictObject({
  /** Work of at most this many items is done within the request and answered 200. */
  sync_max: z.int().min(0).default(10),
  /** The same inputs within this time return the earlier result (ms or "1h"). */
  cache_ttl: duration.default(3_600_000),
  /** Finished tasks' records and files are kept this long (ms or "7d"); on Redis they expire. */
  results_ttl: duration.default(7 * 86_400_000),
  max_upload_bytes: positiveInt.default(50 * 1024 * 1024),
  max_files: positiveInt.default(200),
  /** Requests per token per minute. */
  rate_limit_per_minute: positiveInt.default(600),
  /** Tasks running at once; items of one task at once (unless the request gives concurrency). */
  tasks_concurrency: positiveInt.default(4),
  item_concurrency: positiveInt.default(4),
  /**
   * A model outage (connection refused, timeouts, 5xx) is waited out this long, with backoff,
   * before the items that need the model fail with MODEL_UNAVAILABLE (ms or "5m").
   */
  model_outage: duration.default(300_000),
});
export type ServeConfig = z.output<typeof ServeConfig>;

export const QueueConfig = z.strictObject({
  backend: z.enum(['memory', 'redis']).default('memory'),
  /** redis://[user:password@]host:port[/db]; $REDIS_URL when absent. */
  redis_url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  /**
   * How soon an item whose worker died (killed, machine lost) goes to another worker: BullMQ's job
   * lock, renewed at half of it by a live worker, and its stalled check (ms or "30s").
   */
  lock_duration: duration.default(30_000),
});

/** The `serve` config file: no resume or companies; the other keys of a match config are ignored. */
export const ServeFileConfig = z.object({
  serve: ServeConfig.prefault({}),
  llm: LlmConfig.prefault({}),
  http: HttpConfig.prefault({}),
  browser: BrowserConfig.prefault({}),
  queue: QueueConfig.prefault({}),
});
export type ServeFileConfig = z.output<typeof ServeFileConfig>;

/** The Redis URL of a config: queue.redis_url, else $REDIS_URL; a clear error when neither. */
export function redisUrlOf(config: ServeFileConfig, env: NodeJS.ProcessEnv): string {
  const url = config.queue.redis_url ?? env['REDIS_URL'];
  if (!url) throw new ConfigError('queue.redis_url: not set and no $REDIS_URL; give the Redis of the queue');
  return url;
}

/** queue.lock_duration as BullMQ's lock and stalled check: a dead worker's items are found within 1.5x. */
export function bullmqLock(config: ServeFileConfig): { lockDurationMs: number; stalledIntervalMs: number } {
  const lockMs = config.queue.lock_duration;
  return { lockDurationMs: lockMs, stalledIntervalMs: Math.ceil(lockMs / 2) };
}

/** Reads a YAML or JSON file (or none: every default). */
export async function loadServeConfig(file: string | undefined, cwd: string): Promise<ServeFileConfig> {
  if (!file) return ServeFileConfig.parse({});
  const full = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(full, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${full}: cannot be read as YAML or JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const parsed = ServeFileConfig.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${full}: ${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

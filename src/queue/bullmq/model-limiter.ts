import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { CancelledError } from '../../errors.js';
import type { LlmLimiter } from '../../generate/limiter.js';

// A sliding window of model-call starts in one sorted set, on Redis's clock (the machines' clocks
// may differ): drop starts older than the window; below the limit, add this one and say 0; else
// say how long until the oldest start leaves the window.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

export interface SharedLimitOptions {
  /** llm.requests_per_minute, for every worker on every machine together. */
  requestsPerInterval: number;
  /** One minute unless a test shortens it. */
  intervalMs?: number;
}

/**
 * The model limiter of a worker on the Redis backend: `request` (one model call) takes a slot of
 * one sliding window in Redis, shared by every worker process, so llm.requests_per_minute holds
 * for the model calls of all of them together (a tailoring item makes several calls: a limit on
 * jobs could not hold it). `generation` stays the process's own (llm.concurrency per worker).
 * The connection is the caller's and should wait out a Redis restart (maxRetriesPerRequest null).
 */
export function createSharedLimiter(
  redis: Redis,
  key: string,
  options: SharedLimitOptions,
  local: LlmLimiter,
): LlmLimiter {
  const windowMs = options.intervalMs ?? 60_000;
  let waiting = 0;
  const acquire = async (signal?: AbortSignal): Promise<void> => {
    const member = randomUUID();
    for (;;) {
      const waitMs = Number(await redis.eval(ACQUIRE, 1, key, options.requestsPerInterval, windowMs, member));
      if (waitMs === 0) return;
      // Several workers wake for the same freed slot; the losers ask again (no busy loop: each waits).
      await sleep(waitMs + Math.floor(Math.random() * 20), undefined, { signal });
    }
  };
  return {
    generation: (task) => local.generation(task),
    // Through the process's own limiter, so what it adds around a call (the service's wait for a
    // model outage, its own window) holds here too; each try takes a shared slot again.
    request: (task, signal) =>
      local.request(async () => {
        waiting++;
        try {
          await acquire(signal);
        } catch (error) {
          if (signal?.aborted)
            throw new CancelledError('cancelled while waiting for the LLM rate limit', { cause: error });
          throw error;
        } finally {
          waiting--;
        }
        return task();
      }, signal),
    get waiting() {
      return waiting + local.waiting;
    },
  };
}

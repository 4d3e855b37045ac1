import { once } from 'node:events';
import { FlowProducer, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Services } from '../../app/services.js';
import type { AnyTaskKind, TaskDeps } from '../../app/task.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../batch/retry.js';
import { QueueUnavailableError, StorageUnwritableError, UsageError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import { DEFAULT_RESULTS_TTL_MS, RedisStore } from '../../infra/storage/redis-store.js';
import type { FileStore } from '../../infra/storage/types.js';
import type {
  JobState,
  QueueHealth,
  TaskEventRecord,
  TaskFilter,
  TaskQueue,
  TaskRecord,
  TaskState,
  TaskSubmission,
} from '../types.js';
import { BoardSessions } from './board-sessions.js';
import { CancelRegistry } from './cancel.js';
import { queueDepth } from './depth.js';
import { streamTaskEvents } from './event-stream.js';
import { RedisGuard } from './guard.js';
import { jobId, type Keys, makeKeys } from './keys.js';
import { createSharedLimiter } from './model-limiter.js';
import { createProcessor, PREPARE } from './processor.js';
import { TaskRecords } from './records.js';
import { closeClient, closeWorker, DEFAULT_SHUTDOWN_MS } from './shutdown.js';

export interface BullmqQueueOptions {
  /** queue.redis_url or $REDIS_URL. */
  url: string;
  /** Namespace of every key, so two deployments can share one Redis. */
  prefix?: string;
  logger: Logger;
  /** What the worker's task kinds use; needed by startWorker only. */
  services?: Services;
  /** A task's inputs and results; default: Redis hashes (no shared disk needed). */
  stores?: (taskId: string) => { inputs: FileStore; files: FileStore };
  retry?: RetryPolicy;
  /** llm.requests_per_minute: model calls per minute of all workers together (one window in Redis). */
  requestsPerMinute?: number;
  /** The limiter's window; one minute unless a test shortens it. */
  rateWindowMs?: number;
  /** serve.results_ttl: finished records, events and files expire this long after the end. */
  resultsTtlMs?: number;
  /** How soon a dead worker's item goes to another worker (BullMQ's lock and stalled check). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long close() lets the items in hand finish (default 10 s); then they go to another worker. */
  shutdownMs?: number;
  /** Retry-After told to clients while Redis is unreachable. */
  retryAfterSeconds?: number;
  now?: () => Date;
}

const QUEUE_NAME = 'tasks';

/**
 * The TaskQueue on BullMQ and Redis: any number of API and worker processes on any machines share
 * one queue. A task is a prepare job that, when done, adds the task's flow (finish as parent, the
 * items as children); records, events and files are in Redis, so nothing needs a shared disk.
 */
export class BullmqQueue implements TaskQueue {
  readonly backend = 'redis' as const;
  readonly keys: Keys;
  /** BullMQ's queue, for Bull Board and queue depth in /metrics. */
  readonly bull: Queue;
  /** Bull Board's browser sessions, shared by every API process. */
  readonly boardSessions: BoardSessions;
  private readonly redis: Redis;
  private readonly records: TaskRecords;
  private readonly retry: RetryPolicy;
  private readonly ttlMs: number;
  private readonly now: () => Date;
  private readonly redisGuard: RedisGuard;
  private cacheRedis: Redis | null = null;
  private workers: {
    worker: Worker;
    flow: FlowProducer;
    redis: Redis;
    subscriber: Redis;
    cancels: CancelRegistry;
  }[] = [];

  private constructor(private readonly options: BullmqQueueOptions) {
    this.keys = makeKeys(options.prefix ?? 'jm');
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.ttlMs = options.resultsTtlMs ?? DEFAULT_RESULTS_TTL_MS;
    this.now = options.now ?? (() => new Date());
    // The API's connection fails commands at once while Redis is away (no offline queue): a client
    // gets 503 now instead of hanging; ioredis reconnects by itself in the background.
    this.redis = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redisGuard = new RedisGuard(this.redis, options.url, options.retryAfterSeconds ?? 5);
    this.records = new TaskRecords(this.redis, this.keys, this.ttlMs);
    this.boardSessions = new BoardSessions(this.redis, this.keys);
    this.bull = new Queue(QUEUE_NAME, { connection: this.bullConnection(), prefix: this.keys.bull });
    this.bull.on('error', (error: Error) => options.logger.debug('queue', `BullMQ: ${error.message}`));
  }

  /** Connects (waiting up to `readyTimeoutMs`); when Redis is down it still returns and reconnects later. */
  static async open(options: BullmqQueueOptions, readyTimeoutMs = 3_000): Promise<BullmqQueue> {
    const queue = new BullmqQueue(options);
    const ready = once(queue.redis, 'ready');
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, readyTimeoutMs).unref())]);
    return queue;
  }

  /**
   * A FileStore every worker shares for caches (serve.cache_ttl), on a connection that waits out a
   * Redis restart rather than failing the item that reads it.
   */
  cacheStore(name: string, ttlMs: number): FileStore {
    if (!this.cacheRedis) {
      this.cacheRedis = new Redis(this.options.url, { maxRetriesPerRequest: null });
      this.cacheRedis.on('error', () => {});
    }
    return new RedisStore(this.cacheRedis, { key: this.keys.cache(name), ttlMs });
  }

  /** The task's stores as the API reads them (failing fast while Redis is away: a 503, not a hang). */
  storesOf(taskId: string): { inputs: FileStore; files: FileStore } {
    return this.storesOn(this.redis, taskId);
  }

  private storesOn(redis: Redis, taskId: string): { inputs: FileStore; files: FileStore } {
    if (this.options.stores) return this.options.stores(taskId);
    // Redis away while an upload is stored: QueueUnavailableError (503 + Retry-After), not a 500.
    const store = (side: 'inputs' | 'results') =>
      this.redisGuard.store(new RedisStore(redis, { key: this.keys.files(taskId, side), ttlMs: this.ttlMs }));
    return { inputs: store('inputs'), files: store('results') };
  }

  async submit(task: TaskSubmission): Promise<TaskRecord> {
    return this.redisGuard.run(async () => {
      const record = await this.records.create(task, this.now());
      // The job id is the task's: a retried submission adds no second prepare job.
      await this.bull.add(
        PREPARE,
        { taskId: task.id },
        {
          jobId: jobId(task.id, PREPARE),
          attempts: this.retry.attempts,
          backoff: { type: 'exponential', delay: this.retry.baseDelayMs, jitter: 0.5 },
          removeOnComplete: { age: Math.ceil(this.ttlMs / 1000) },
          removeOnFail: { age: Math.ceil(this.ttlMs / 1000) },
        },
      );
      return record;
    });
  }

  get(id: string): Promise<TaskRecord | null> {
    return this.redisGuard.run(() => this.records.get(id));
  }

  list(filter: TaskFilter): Promise<TaskRecord[]> {
    return this.redisGuard.run(() => this.records.list(filter));
  }

  async cancel(id: string): Promise<TaskRecord | null> {
    return this.redisGuard.run(async () => {
      const finishedAt = this.now().toISOString();
      const changed = await this.records.transition(id, ['queued', 'running'], {
        state: 'cancelled',
        finishedAt,
        error: 'cancelled',
      });
      if (changed) {
        await this.redis.publish(this.keys.cancelChannel, id);
        await this.records.append(id, { type: 'run-finished', runId: id, state: 'cancelled' }, this.now());
      }
      return this.records.get(id);
    });
  }

  events(id: string, afterSeq: number, signal: AbortSignal): AsyncIterable<TaskEventRecord> {
    return streamTaskEvents(this.redis, this.keys, this.ttlMs, { id, afterSeq, signal });
  }

  async startWorker(kinds: AnyTaskKind[], options: { concurrency: number }): Promise<void> {
    const given = this.options.services;
    if (!given) throw new UsageError('a worker needs the services its task kinds use');
    // The worker's own connection waits out a Redis restart instead of failing the item.
    const redis = new Redis(this.options.url, { maxRetriesPerRequest: null });
    redis.on('error', (error: Error) => this.options.logger.debug('queue', `Redis: ${error.message}`));
    const rpm = this.options.requestsPerMinute;
    // Model calls take their slot from one window in Redis, shared by every worker process.
    const services: Services = rpm
      ? {
          ...given,
          llmLimiter: createSharedLimiter(
            redis,
            this.keys.modelCalls,
            { requestsPerInterval: rpm, intervalMs: this.options.rateWindowMs ?? 60_000 },
            given.llmLimiter,
          ),
        }
      : given;
    const subscriber = redis.duplicate();
    subscriber.on('error', () => {});
    const records = new TaskRecords(redis, this.keys, this.ttlMs);
    const cancels = new CancelRegistry();
    await cancels.listen(subscriber, this.keys.cancelChannel, (taskId) => records.isFinished(taskId), 1_000);
    const flow = new FlowProducer({ connection: this.bullConnection(), prefix: this.keys.bull });
    flow.on('error', () => {});
    const processor = createProcessor({
      records,
      kinds: new Map(kinds.map((kind) => [kind.kind, kind])),
      // An item's reads and writes wait out a Redis restart on the worker's connection; on the
      // API's (no offline queue) a write in that moment failed the item for good.
      deps: (taskId): TaskDeps => ({ services, ...this.storesOn(redis, taskId) }),
      flow,
      queue: this.bull,
      queueName: QUEUE_NAME,
      retry: this.retry,
      logger: this.options.logger,
      cancels,
      ttlMs: this.ttlMs,
      now: this.now,
    });
    const worker = new Worker(QUEUE_NAME, processor, {
      connection: this.bullConnection(),
      prefix: this.keys.bull,
      concurrency: Math.max(1, options.concurrency),
      ...(this.options.lockDurationMs ? { lockDuration: this.options.lockDurationMs } : {}),
      ...(this.options.stalledIntervalMs ? { stalledInterval: this.options.stalledIntervalMs } : {}),
      // A job whose worker died is given out again; twice more, then it fails (and finish says so).
      maxStalledCount: 2,
      // No limit on jobs (model calls are limited above), but BullMQ pauses the queue for a model
      // 429 (queue.rateLimit) only when a limiter is set: this one's max is never reached otherwise.
      limiter: { max: Number.MAX_SAFE_INTEGER, duration: 60_000 },
    });
    worker.on('error', (error: Error) => this.options.logger.debug('queue', `worker: ${error.message}`));
    worker.on('failed', (job, error) =>
      this.options.logger.debug('queue', `${job?.name ?? 'job'} ${job?.id ?? ''} failed: ${error.message}`),
    );
    this.workers.push({ worker, flow, redis, subscriber, cancels });
    await worker.waitUntilReady();
  }

  async health(): Promise<QueueHealth> {
    try {
      // A write, not a PING: Redis at maxmemory or with a failed AOF answers PING but takes nothing.
      await this.redisGuard.run(() =>
        this.redis.set(this.keys.ready, this.now().toISOString(), 'PX', 60_000),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof StorageUnwritableError) return { ok: false, reason: error.message };
      return { ok: false, reason: error instanceof QueueUnavailableError ? error.reason : String(error) };
    }
  }

  /** Tasks per state, for /metrics. */
  counts(): Promise<Partial<Record<TaskState, number>>> {
    return this.redisGuard.run(() => this.records.countByState());
  }

  /** BullMQ jobs (prepare, items, finish) per state: the queue's depth. */
  depth(): Promise<Record<JobState, number>> {
    return this.redisGuard.run(() => queueDepth(this.bull));
  }

  async close(): Promise<void> {
    const boundMs = this.options.shutdownMs ?? DEFAULT_SHUTDOWN_MS;
    for (const { worker, flow, redis, subscriber, cancels } of this.workers) {
      cancels.stop();
      await closeWorker(worker, cancels, boundMs, this.options.logger);
      await closeClient(flow);
      subscriber.disconnect();
      redis.disconnect();
    }
    this.workers = [];
    await closeClient(this.bull);
    this.cacheRedis?.disconnect();
    this.redis.disconnect();
  }

  private bullConnection() {
    return { url: this.options.url, maxRetriesPerRequest: null };
  }
}

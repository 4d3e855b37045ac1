import { type Redis, ReplyError } from 'ioredis';
import { QueueUnavailableError, StorageUnwritableError } from '../../errors.js';
import type { FileStore } from '../../infra/storage/types.js';

/**
 * The API's Redis connection, watched: `run` fails at once with QueueUnavailableError while Redis
 * is away, and within 2 s if it stops answering, so a client gets 503 with Retry-After instead of
 * hanging. Commands must not queue offline (the connection has no offline queue). Redis that
 * answers but refuses writes (maxmemory, a failed AOF, a replica) is StorageUnwritableError.
 */
export class RedisGuard {
  private lastError: string | null = null;
  private readonly where: string;

  constructor(
    private readonly redis: Redis,
    url: string,
    private readonly retryAfterSeconds: number,
  ) {
    // The URL without its password, for messages.
    this.where = url.replace(/\/\/[^@/]*@/, '//');
    redis.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    redis.on('ready', () => {
      this.lastError = null;
    });
  }

  /** `timeoutMs` null: no limit, for files whose size sets how long they take. */
  async run<T>(work: () => Promise<T>, timeoutMs: number | null = 2_000): Promise<T> {
    const { where, retryAfterSeconds: retryAfter } = this;
    if (this.redis.status !== 'ready') {
      throw new QueueUnavailableError(
        `Redis at ${where} is not connected (${this.lastError ?? this.redis.status})`,
        retryAfter,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (timeoutMs === null) return;
      timer = setTimeout(
        () => reject(new QueueUnavailableError(`Redis at ${where} does not answer`, retryAfter)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      // A MULTI's refusal is EXECABORT with the commands' own errors beside it.
      const replies =
        error instanceof ReplyError
          ? [error as Error, ...((error as { previousErrors?: Error[] }).previousErrors ?? [])]
          : [];
      const reply = replies.map((e) => e.message).find((m) => /^(OOM|MISCONF|READONLY|NOREPLICAS)\b/.test(m));
      if (reply) {
        throw new StorageUnwritableError(`Redis at ${where}`, reply, retryAfter, { cause: error });
      }
      // Redis answering with an error is a bug to report; any other failure is the connection.
      if (error instanceof ReplyError || error instanceof QueueUnavailableError) throw error;
      throw new QueueUnavailableError(`Redis at ${where}: ${(error as Error).message}`, retryAfter, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A store whose every call goes through `run`, with no time limit (a file's size sets it). */
  store(inner: FileStore): FileStore {
    return {
      write: (name, data) => this.run(() => inner.write(name, data), null),
      writeOnce: (name, data) => this.run(() => inner.writeOnce(name, data), null),
      read: (name) => this.run(() => inner.read(name), null),
      list: (prefix) => this.run(() => inner.list(prefix), null),
    };
  }
}

import { type Redis, ReplyError } from 'ioredis';
import { QueueUnavailableError } from '../../errors.js';

/**
 * The API's Redis connection, watched: `run` fails at once with QueueUnavailableError while Redis
 * is away, and within 2 s if it stops answering, so a client gets 503 with Retry-After instead of
 * hanging. Commands must not queue offline (the connection has no offline queue).
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

  async run<T>(work: () => Promise<T>): Promise<T> {
    const { where, retryAfterSeconds: retryAfter } = this;
    if (this.redis.status !== 'ready') {
      throw new QueueUnavailableError(
        `Redis at ${where} is not connected (${this.lastError ?? this.redis.status})`,
        retryAfter,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueueUnavailableError(`Redis at ${where} does not answer`, retryAfter)),
        2_000,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      // Redis answering with an error is a bug to report; any other failure is the connection.
      if (error instanceof ReplyError || error instanceof QueueUnavailableError) throw error;
      throw new QueueUnavailableError(`Redis at ${where}: ${(error as Error).message}`, retryAfter, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

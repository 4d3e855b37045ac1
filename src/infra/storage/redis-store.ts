import type { Redis } from 'ioredis';
import { assertStoreName } from './dir-store.js';
import type { FileEntry, FileStore } from './types.js';

export const DEFAULT_RESULTS_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface RedisStoreOptions {
  /** The Redis key of this store's hash (one hash per task and side: inputs or results). */
  key: string;
  /** The whole store expires this long after its last write (serve.results_ttl). */
  ttlMs?: number;
}

/**
 * A FileStore in one Redis hash (field = file name, value = bytes), so the API serves files that a
 * worker on another machine wrote, with no shared disk. HSET replaces a field atomically (a reader
 * sees the whole file or none); HSETNX makes writeOnce exclusive across every worker. Each write
 * renews the hash's expiry, so a task's files live `ttlMs` after its last file.
 * The connection is the caller's: whoever made it closes it.
 */
export class RedisStore implements FileStore {
  private readonly key: string;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisStoreOptions,
  ) {
    this.key = options.key;
    this.ttlMs = options.ttlMs ?? DEFAULT_RESULTS_TTL_MS;
  }

  async write(name: string, data: Uint8Array | string): Promise<void> {
    assertStoreName(name);
    await this.redis.multi().hset(this.key, name, toBuffer(data)).pexpire(this.key, this.ttlMs).exec();
  }

  async writeOnce(name: string, data: Uint8Array | string): Promise<boolean> {
    assertStoreName(name);
    const replies = await this.redis
      .multi()
      .hsetnx(this.key, name, toBuffer(data))
      .pexpire(this.key, this.ttlMs)
      .exec();
    const [error, wrote] = replies?.[0] ?? [new Error('the write transaction was discarded'), 0];
    if (error) throw error;
    return wrote === 1;
  }

  async read(name: string): Promise<Buffer | null> {
    assertStoreName(name);
    return this.redis.hgetBuffer(this.key, name);
  }

  async list(prefix = ''): Promise<FileEntry[]> {
    const names = (await this.redis.hkeys(this.key)).filter((name) => name.startsWith(prefix));
    if (names.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const name of names) pipeline.hstrlen(this.key, name);
    const sizes = (await pipeline.exec()) ?? [];
    return names
      .map((name, i) => ({ name, size: Number(sizes[i]?.[1] ?? -1) }))
      .filter((entry) => entry.size >= 0)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

function toBuffer(data: Uint8Array | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

import type { Redis } from 'ioredis';
import { assertStoreName } from './dir-store.js';
import type { FileEntry, FileStore } from './types.js';

// Every name with its size in one step: the API lists a running task's files on each change of
// its progress, and a task of 400 resumes has 800 files; one HSTRLEN round trip per name made the
// API's status answer cost as much as the items it reports on.
const LIST = `
local names = redis.call('HKEYS', KEYS[1])
local out = {}
for i, name in ipairs(names) do
  if string.sub(name, 1, #ARGV[1]) == ARGV[1] then
    out[#out + 1] = name
    out[#out + 1] = redis.call('HSTRLEN', KEYS[1], name)
  end
end
return out`;

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
    const flat = (await this.redis.eval(LIST, 1, this.key, prefix)) as (string | number)[];
    const entries: FileEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      entries.push({ name: String(flat[i]), size: Number(flat[i + 1]) });
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  }
}

function toBuffer(data: Uint8Array | string): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutputError } from '../../../src/errors.js';
import { RedisStore } from '../../../src/infra/storage/redis-store.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';

describe('RedisStore (real redis-server)', () => {
  let server: TestRedis;
  let redis: Redis;
  let store: RedisStore;
  let n = 0;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.close();
  });
  beforeEach(() => {
    n += 1;
    store = new RedisStore(redis, { key: `test:files:${n}` });
  });

  it('writes, reads back bytes and lists files, nested names included, sorted', async () => {
    await store.write('ranking.csv', 'rank,id\n1,a\n');
    await store.write('candidates/a.json', new Uint8Array([123, 125]));
    await store.write('binary.bin', new Uint8Array([0, 255, 10, 13]));
    expect((await store.read('ranking.csv'))?.toString()).toBe('rank,id\n1,a\n');
    expect([...((await store.read('binary.bin')) ?? [])]).toEqual([0, 255, 10, 13]);
    expect(await store.read('missing.txt')).toBeNull();
    expect(await store.list()).toEqual([
      { name: 'binary.bin', size: 4 },
      { name: 'candidates/a.json', size: 2 },
      { name: 'ranking.csv', size: 12 },
    ]);
    expect(await store.list('candidates/')).toEqual([{ name: 'candidates/a.json', size: 2 }]);
  });

  it('a second store on another connection (another machine) reads what the first wrote', async () => {
    await store.write('report.html', '<p>hi</p>');
    const other = new Redis(server.url);
    try {
      const seen = new RedisStore(other, { key: `test:files:${n}` });
      expect((await seen.read('report.html'))?.toString()).toBe('<p>hi</p>');
    } finally {
      other.disconnect();
    }
  });

  it('writeOnce from many writers at once: exactly one wins, and its bytes stay', async () => {
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.writeOnce('x.json', `w${i}`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect((await store.read('x.json'))?.toString()).toBe(`w${winner}`);
    expect(await store.writeOnce('x.json', 'later')).toBe(false);
  });

  it('the files expire after the results TTL', async () => {
    const short = new RedisStore(redis, { key: `test:files:${n}`, ttlMs: 60_000 });
    await short.write('a.txt', 'a');
    const ttl = await redis.pttl(`test:files:${n}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.write('b.txt', 'b');
    // The default: seven days from the last write.
    expect(await redis.pttl(`test:files:${n}`)).toBeGreaterThan(6 * 24 * 3600 * 1000);
  });

  it.each(['../escape.txt', '/etc/passwd', 'a/../../b', 'nul\0byte', 'back\\slash', '', 'a//b'])(
    'refuses the name %j',
    async (name) => {
      await expect(store.write(name, 'x')).rejects.toBeInstanceOf(OutputError);
      await expect(store.writeOnce(name, 'x')).rejects.toBeInstanceOf(OutputError);
      await expect(store.read(name)).rejects.toBeInstanceOf(OutputError);
      expect(await store.list()).toEqual([]);
    },
  );
});

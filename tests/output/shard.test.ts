import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseShard, shardCompanies, shardOf } from '../../src/output/shard.js';

const companies = Array.from({ length: 300 }, (_, i) => ({
  name: `Company ${i}`,
  url: `https://example.com/${i}`,
}));

describe('shardCompanies', () => {
  it('puts every company in exactly one shard, keeping the configured order', () => {
    const shards = [1, 2, 3].map((i) => shardCompanies(companies, i, 3));
    const all = shards.flat().map((c) => c.name);
    expect(all.length).toBe(companies.length);
    expect(new Set(all).size).toBe(companies.length);
    for (const shard of shards) {
      const positions = shard.map((c) => companies.indexOf(c));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      // A fair share each: 100 expected, and the hash is fixed, so this never flickers.
      expect(shard.length).toBeGreaterThan(70);
      expect(shard.length).toBeLessThan(130);
    }
    expect(shardCompanies(companies, 1, 1)).toEqual(companies);
  });

  it('adding companies moves no existing company to another shard', () => {
    const before = new Map(companies.map((c) => [c.name, shardOf(c.name, 4)]));
    const more = [
      ...companies,
      ...Array.from({ length: 40 }, (_, i) => ({ name: `New ${i}`, url: 'https://x.test' })),
    ];
    for (let index = 1; index <= 4; index++) {
      for (const company of shardCompanies(more, index, 4)) {
        if (before.has(company.name)) expect(before.get(company.name)).toBe(index - 1);
      }
    }
  });

  it('growing the shard count moves few companies, and only into the new shard', () => {
    const moved = companies.filter((c) => shardOf(c.name, 4) !== shardOf(c.name, 5));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(companies.length * 0.35);
    for (const company of moved) expect(shardOf(company.name, 5)).toBe(4);
  });

  it('rejects shard numbers outside 1..count', () => {
    expect(() => shardCompanies(companies, 0, 3)).toThrow(UsageError);
    expect(() => shardCompanies(companies, 4, 3)).toThrow(UsageError);
  });
});

describe('parseShard', () => {
  it('reads i/n as written on the command line', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/3', '4/3', '1/0', '1', 'a/b', '-1/3', '1/3/5', ''])('rejects %j with a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow(/--shard/);
  });
});

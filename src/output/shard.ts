import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/**
 * Splitting the companies across CI runners. Each company's shard depends on its own name and the
 * shard count only, never on the other companies, so adding or removing a company moves no other
 * one, and each shard's saved state keeps matching its companies from run to run.
 */

export interface ShardSpec {
  /** 1-based, as written on the command line: `--shard 2/4`. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 <= i <= n). */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard "${text}": expected i/n with 1 <= i <= n, e.g. --shard 1/4`);
  }
  return { index, count };
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * Jump consistent hash (Lamping and Veach, 2014): a bucket in [0, buckets) for a 64-bit key.
 * Besides being stable per key, growing the count from n to n+1 moves only about 1/(n+1) of the
 * companies, so changing the matrix size keeps most shards' saved state useful.
 */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & MASK_64;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    k = (k * 2862933555777941757n + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return bucket;
}

/** The 0-based shard a company name falls into among `count`. */
export function shardOf(name: string, count: number): number {
  const digest = createHash('sha256').update(name.trim().toLowerCase()).digest();
  return jumpHash(digest.readBigUInt64BE(0), count);
}

/** The companies of shard `index` (1-based) out of `count`, in their original order. */
export function shardCompanies<T extends { name: string }>(
  companies: T[],
  index: number,
  count: number,
): T[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new UsageError(`shard ${index}/${count}: expected 1 <= index <= count`);
  }
  return companies.filter((company) => shardOf(company.name, count) === index - 1);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParsePool, type ResumeParser } from '../../src/batch/parse-pool.js';
import { ReadAhead } from '../../src/batch/read-ahead.js';
import { ProfileError } from '../../src/errors.js';

const fixture = (name: string): string => path.join(import.meta.dirname, '../profile/fixtures', name);

/** The real pool, with the order in which files reached it written down. */
function observed(pool: ParsePool): { parser: ResumeParser; parsed: string[] } {
  const parsed: string[] = [];
  return {
    parsed,
    parser: {
      parse: (name, bytes) => {
        parsed.push(name);
        return pool.parse(name, bytes);
      },
      close: () => pool.close(),
    },
  };
}

const FILES = [
  'maya-okafor.md',
  'maya-okafor.docx',
  'corrupt.docx',
  'maya-okafor.pdf',
  'maya-okafor.resume.json',
];
const readBytes = async (name: string): Promise<Uint8Array | null> =>
  FILES.includes(name) ? readFile(fixture(name)) : null;

describe('ReadAhead', () => {
  const pool = new ParsePool({ threads: 2 });
  afterAll(() => pool.close());

  it('asking for one resume starts the next ones; each is parsed once and handed out once', {
    timeout: 240_000,
  }, async () => {
    const { parser, parsed } = observed(pool);
    // Started means its bytes were asked for: the parse follows when they arrive, which may be
    // after the first item is back (a read of the disk is not ordered with another).
    const started: string[] = [];
    const bytesOf = (name: string) => {
      started.push(name);
      return readBytes(name);
    };
    const ahead = new ReadAhead(parser, 2);
    ahead.plan(FILES.map((name) => ({ name, file: name })));
    const first = await ahead.read({ name: FILES[0]!, file: FILES[0]! }, bytesOf);
    expect(first.content.name).toBe('Maya Okafor');
    // The item asked for, and the two after it, were started at once.
    expect([...started].sort()).toEqual(FILES.slice(0, 3).sort());
    const docx = await ahead.read({ name: FILES[1]!, file: FILES[1]! }, bytesOf);
    expect(docx.format).toBe('docx');
    expect([...started].sort()).toEqual(FILES.slice(0, 4).sort());
    // Each was parsed once: the one asked for was not parsed again beside its early reading.
    expect(parsed.filter((n) => n === FILES[1])).toHaveLength(1);
    // A read-ahead failure is its own item's failure, seen when that item asks (and not before).
    await expect(ahead.read({ name: FILES[2]!, file: FILES[2]! }, bytesOf)).rejects.toBeInstanceOf(
      ProfileError,
    );
    // A retried item reads again.
    await ahead.read({ name: FILES[1]!, file: FILES[1]! }, bytesOf);
    expect(parsed.filter((n) => n === FILES[1])).toHaveLength(2);
  });

  it('the item asked for reaches the parser before the ones read ahead', { timeout: 240_000 }, async () => {
    const { parser, parsed } = observed(pool);
    // The bytes in memory, so the order the parser sees is the order the reads were started.
    const bytes = new Map(await Promise.all(FILES.map(async (f) => [f, await readBytes(f)] as const)));
    const ahead = new ReadAhead(parser, 3);
    ahead.plan(FILES.map((name) => ({ name, file: name })));
    await ahead.read({ name: FILES[0]!, file: FILES[0]! }, async (name) => bytes.get(name) ?? null);
    expect(parsed).toEqual(FILES.slice(0, 4));
  });

  it('an item it was not told of (a queue worker) is read when asked', { timeout: 240_000 }, async () => {
    const { parser, parsed } = observed(pool);
    const ahead = new ReadAhead(parser, 2);
    const reading = await ahead.read({ name: 'maya-okafor.md', file: 'maya-okafor.md' }, readBytes);
    expect(reading.content.name).toBe('Maya Okafor');
    expect(parsed).toEqual(['maya-okafor.md']);
  });
});

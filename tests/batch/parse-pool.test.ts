import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParsePool } from '../../src/batch/parse-pool.js';
import { ProfileError } from '../../src/errors.js';

const fixture = (name: string): string => path.join(import.meta.dirname, '../profile/fixtures', name);

describe('ParsePool', () => {
  const pool = new ParsePool({ threads: 2 });
  afterAll(() => pool.close());

  // Starting a thread loads tsx and pdf.js; on a loaded 2-core machine that alone can pass a minute.
  it('reads PDF and DOCX in worker threads into the same content as the profile readers', {
    timeout: 240_000,
  }, async () => {
    const [pdf, docx, md] = await Promise.all(
      ['maya-okafor.pdf', 'maya-okafor.docx', 'maya-okafor.md'].map(async (name) =>
        pool.parse(name, await readFile(fixture(name))),
      ),
    );
    for (const reading of [pdf!, docx!, md!]) {
      expect(reading.content.name).toBe('Maya Okafor');
      expect(reading.content.work.length).toBeGreaterThan(1);
      expect(reading.lines?.length).toBeGreaterThan(10);
    }
    expect(pdf!.format).toBe('pdf');
    expect(docx!.format).toBe('docx');
  });

  it("fails only the bad file, with the reader's reason, and keeps serving", {
    timeout: 240_000,
  }, async () => {
    const results = await Promise.allSettled(
      ['scanned.pdf', 'encrypted.pdf', 'corrupt.docx', 'maya-okafor.pdf'].map(async (name) =>
        pool.parse(name, await readFile(fixture(name))),
      ),
    );
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as Error) : null));
    expect(reasons[0]).toBeInstanceOf(ProfileError);
    expect(reasons[0]!.message).toMatch(/^scanned\.pdf: has no text layer/);
    expect(reasons[1]!.message).toMatch(/password-protected/);
    expect(reasons[2]!.message).toMatch(/corrupt\.docx/);
    expect(results[3]!.status).toBe('fulfilled');
  });

  it('gives up a file that takes too long and replaces its thread', async () => {
    const slow = new ParsePool({ threads: 1, timeoutMs: 1 });
    try {
      const bytes = await readFile(fixture('maya-okafor.pdf'));
      await expect(slow.parse('big.pdf', bytes)).rejects.toThrow(/big\.pdf: took longer than 1 ms/);
    } finally {
      await slow.close();
    }
  });
});

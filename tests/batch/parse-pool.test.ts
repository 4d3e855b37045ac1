import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

  it('warm() starts every thread before any file and has each import the modules it is given', {
    timeout: 240_000,
  }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jm-warm-'));
    // A module that leaves one marker file per thread that imports it.
    const module = path.join(dir, 'step.mjs');
    await writeFile(
      module,
      `import { threadId } from 'node:worker_threads';\nimport { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(dir)} + '/imported-' + threadId, '');\nexport const ok = true;\n`,
    );
    const warm = new ParsePool({ threads: 2 });
    try {
      warm.warm([pathToFileURL(module).href]);
      let markers: string[] = [];
      while (markers.length < 2) {
        await new Promise((r) => setTimeout(r, 100));
        markers = (await readdir(dir)).filter((f) => f.startsWith('imported-'));
      }
      expect(markers).toHaveLength(2);
      // The warmed threads read files as before.
      const reading = await warm.parse('maya-okafor.pdf', await readFile(fixture('maya-okafor.pdf')));
      expect(reading.content.name).toBe('Maya Okafor');
    } finally {
      await warm.close();
      await rm(dir, { recursive: true, force: true });
    }
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

import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { resumeForm, type ServeHarness, serveHarness } from './harness.js';

/** Tailoring's `file_type`: each of docx, pdf and md gives files of that type and no other. */
let h: ServeHarness;
beforeAll(async () => {
  h = await serveHarness();
});
afterAll(() => h?.close());

async function zipEntries(data: Buffer): Promise<string[]> {
  const zip = await promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer)(data, {
    lazyEntries: false,
  });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: { fileName: string }) => names.push(entry.fileName));
    zip.on('end', resolve);
    zip.on('error', reject);
  });
  return names;
}

const STEP_FILES = ['profile.json', 'tailored.json'];

describe('POST /api/tailorings with file_type', () => {
  it.each(['docx', 'pdf', 'md'] as const)(
    'file_type %s: the resume and the letter only, as real files of that type',
    async (type) => {
      const res = await h.call('/api/tailorings', {
        method: 'POST',
        body: await resumeForm(['priya-raman.txt'], { file_type: type }),
      });
      expect(res.status).toBe(200);
      const task = (await res.json()) as { state: string; files: { name: string; url: string }[] };
      expect(task.state).toBe('succeeded');
      const documents = task.files.filter(
        (f) => f.name.includes('/') && !STEP_FILES.some((s) => f.name.endsWith(s)),
      );
      expect(documents.map((f) => f.name.split('/').pop()).sort()).toEqual([
        `cover-letter.${type}`,
        `resume.${type}`,
      ]);
      for (const file of documents) {
        const bytes = Buffer.from(await (await h.call(file.url)).arrayBuffer());
        if (type === 'docx') expect(await zipEntries(bytes)).toContain('word/document.xml');
        if (type === 'pdf') expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        if (type === 'md') {
          const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          expect(text).toMatch(/\w{3,}/);
          expect(bytes.includes(0)).toBe(false);
          expect(bytes.subarray(0, 2).toString()).not.toBe('PK');
        }
      }
    },
  );

  it('an unknown file_type is a 400 naming the field', async () => {
    const res = await h.call('/api/tailorings', {
      method: 'POST',
      body: await resumeForm(['priya-raman.txt'], { file_type: 'odt' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'file_type', received: 'odt' });
  });
});

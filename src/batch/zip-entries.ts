import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { UsageError } from '../errors.js';

/** Bounds on what one zip may expand to: a zip bomb is refused, not unpacked. */
export interface ZipLimits {
  /** All entries together, expanded. */
  maxTotalBytes: number;
  /** Expanded / compressed, per entry; real resumes compress 1-10x. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 20_000,
};

export interface ZipVisitor {
  /** Whether to unpack this entry (by its name and declared size); false: pass over it. */
  accept(file: string, size: number): boolean;
  entry(file: string, data: Buffer): Promise<void>;
  /** An entry refused for its name, encryption or size, with why. */
  refuse(file: string, reason: string): void;
}

/** Why a zip entry's name is refused: it climbs out, is absolute, or holds control characters. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0') || /[\u0000-\u001f]/.test(name)) return 'a name with control characters';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a path that climbs out of the zip (../)';
  return null;
}

async function readAll(stream: Readable, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // The declared size can lie; the bytes actually inflated are what count.
    if (size > cap) {
      stream.destroy();
      throw new Error(`expands beyond ${cap} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads the central directory only: every entry's name and declared sizes, nothing inflated. */
async function listEntries(zip: yauzl.ZipFile): Promise<{ entry: yauzl.Entry; name: string }[]> {
  const entries: { entry: yauzl.Entry; name: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl
        .getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false)
        .replace(/\\/g, '/');
      if (!name.endsWith('/')) entries.push({ entry, name });
      zip.readEntry();
    });
    zip.readEntry();
  });
  return entries;
}

/**
 * Walks a zip's entries (yauzl, lazy) in two passes: first the central directory alone, where
 * unsafe names, encryption and bomb ratios are refused per entry and the declared total is checked
 * (a zip over it is refused before one byte is inflated); then the accepted entries are unpacked
 * one by one into memory, each capped at its declared size (a size that lies is caught while
 * inflating). Names are decoded here rather than by yauzl, so one bad name refuses that entry
 * instead of the zip. Throws UsageError when the file is not a zip or the whole zip is over the limits.
 */
export async function readZipEntries(
  file: string,
  limits: Partial<ZipLimits>,
  visit: ZipVisitor,
): Promise<void> {
  const bounds = { ...DEFAULT_ZIP_LIMITS, ...limits };
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: false,
    });
  } catch (cause) {
    throw new UsageError(`--resumes ${file}: not a readable zip (${(cause as Error).message})`, { cause });
  }
  try {
    if (zip.entryCount > bounds.maxEntries) {
      throw new UsageError(`--resumes ${file}: ${zip.entryCount} entries, more than ${bounds.maxEntries}`);
    }
    let entries: { entry: yauzl.Entry; name: string }[];
    try {
      entries = await listEntries(zip);
    } catch (cause) {
      throw new UsageError(`--resumes ${file}: the zip is damaged (${(cause as Error).message})`, { cause });
    }
    const accepted: { entry: yauzl.Entry; name: string }[] = [];
    let declared = 0;
    for (const { entry, name } of entries) {
      const unsafe = unsafeEntryName(name);
      if (unsafe) {
        visit.refuse(name, `refused: ${unsafe}`);
        continue;
      }
      if (entry.isEncrypted()) {
        visit.refuse(name, 'encrypted inside the zip; zip it again without a password');
        continue;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > bounds.maxRatio) {
        visit.refuse(
          name,
          `refused: expands ${Math.round(ratio)}x (more than ${bounds.maxRatio}x; a zip bomb?)`,
        );
        continue;
      }
      if (!visit.accept(name, entry.uncompressedSize)) continue;
      declared += entry.uncompressedSize;
      accepted.push({ entry, name });
    }
    if (declared > bounds.maxTotalBytes) {
      throw new UsageError(
        `--resumes ${file}: expands to more than ${bounds.maxTotalBytes} bytes in all (${declared} declared); nothing was unpacked`,
      );
    }
    for (const { entry, name } of accepted) {
      let data: Buffer;
      try {
        data = await readAll(await zip.openReadStreamPromise(entry), entry.uncompressedSize);
      } catch (error) {
        visit.refuse(name, `unreadable in the zip (${(error as Error).message})`);
        continue;
      }
      await visit.entry(name, data);
    }
  } finally {
    zip.close();
  }
}

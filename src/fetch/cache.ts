import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeTextAtomically } from '../output/state-write.js';
import type { JobDetail } from './types.js';

/**
 * Descriptions on disk, one JSON file per (posting URL, version), so that a scheduled run
 * fetches only postings that are new or changed. The version is the listing's updated date (its
 * posted date when the board gives none; the URL alone when it gives neither). Entries are
 * written atomically; one that cannot be read is a miss.
 */

export const CachedDescription = z.object({
  url: z.string(),
  version: z.string().nullable(),
  markdown: z.string().min(1),
  source: z.enum(['board-api', 'jsonld', 'page']),
  /** The URL actually read (a board API or the page), when it differs from `url`. */
  readUrl: z.string().nullable(),
  fetchedAt: z.string(),
});
export type CachedDescription = z.infer<typeof CachedDescription>;

export function cacheFile(cacheDir: string, url: string, version: string | null): string {
  const key = createHash('sha256')
    .update(`${url}\n${version ?? ''}`)
    .digest('hex');
  return path.join(cacheDir, 'descriptions', `${key}.json`);
}

/** The cached description as a JobDetail with source 'cache', or null on a miss. */
export async function readCachedDescription(
  cacheDir: string,
  url: string,
  version: string | null,
): Promise<JobDetail | null> {
  let raw: string;
  try {
    raw = await readFile(cacheFile(cacheDir, url, version), 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const entry = CachedDescription.safeParse(parsed);
  // A hash collision or a hand-edited file must not hand one job another's description.
  if (!entry.success || entry.data.url !== url || entry.data.version !== version) return null;
  return {
    markdown: entry.data.markdown,
    source: 'cache',
    url: entry.data.readUrl,
    fetchedAt: entry.data.fetchedAt,
  };
}

/** Stores a fetched description; throws the file system's error (callers log it and go on). */
export async function writeCachedDescription(
  cacheDir: string,
  url: string,
  version: string | null,
  detail: JobDetail,
): Promise<void> {
  if (detail.source === 'cache' || detail.source === 'listing') return;
  const entry: CachedDescription = {
    url,
    version,
    markdown: detail.markdown,
    source: detail.source,
    readUrl: detail.url,
    fetchedAt: detail.fetchedAt,
  };
  const file = cacheFile(cacheDir, url, version);
  await mkdir(path.dirname(file), { recursive: true });
  // A cache needs no fsync: an entry a crash leaves empty fails validation and is a miss. The
  // fsync sat on each fetch's path and, under disk load, queued the fetches behind one another.
  await writeTextAtomically(file, `${JSON.stringify(entry, null, 2)}\n`, { sync: false });
}

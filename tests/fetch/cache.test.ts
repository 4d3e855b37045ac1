import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFile, readCachedDescription, writeCachedDescription } from '../../src/fetch/cache.js';
import type { JobDetail } from '../../src/fetch/types.js';

const URL_A = 'https://boards.example/acme/jobs/1';
const detail: JobDetail = {
  markdown: '## Role\n\nBuild things.',
  source: 'jsonld',
  url: `${URL_A}?src=page`,
  fetchedAt: '2026-11-01T08:00:00.000Z',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jm-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('description cache', () => {
  it('stores by URL and version and gives the entry back as a cache hit', async () => {
    await writeCachedDescription(dir, URL_A, '2026-10-30T00:00:00Z', detail);
    const file = cacheFile(dir, URL_A, '2026-10-30T00:00:00Z');
    expect(path.dirname(file)).toBe(path.join(dir, 'descriptions'));
    expect(path.basename(file)).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await readdir(path.join(dir, 'descriptions'))).toEqual([path.basename(file)]);

    expect(await readCachedDescription(dir, URL_A, '2026-10-30T00:00:00Z')).toEqual({
      markdown: detail.markdown,
      source: 'cache',
      url: detail.url,
      fetchedAt: detail.fetchedAt,
    });
    expect(await readCachedDescription(dir, URL_A, '2026-11-02T00:00:00Z')).toBeNull();
    expect(await readCachedDescription(dir, `${URL_A}0`, '2026-10-30T00:00:00Z')).toBeNull();
  });

  it('keys a posting with no date by its URL alone', async () => {
    await writeCachedDescription(dir, URL_A, null, detail);
    expect((await readCachedDescription(dir, URL_A, null))?.markdown).toBe(detail.markdown);
    expect(await readCachedDescription(dir, URL_A, '2026-10-30T00:00:00Z')).toBeNull();
  });

  it('treats unreadable, invalid or mismatched entries as misses', async () => {
    const file = cacheFile(dir, URL_A, 'v1');
    await writeCachedDescription(dir, URL_A, 'v1', detail);
    const good = await readFile(file, 'utf8');

    await writeFile(file, good.slice(0, 20));
    expect(await readCachedDescription(dir, URL_A, 'v1')).toBeNull();
    await writeFile(file, JSON.stringify({ ...JSON.parse(good), markdown: '' }));
    expect(await readCachedDescription(dir, URL_A, 'v1')).toBeNull();
    await writeFile(file, JSON.stringify({ ...JSON.parse(good), url: 'https://elsewhere.example/' }));
    expect(await readCachedDescription(dir, URL_A, 'v1')).toBeNull();
  });

  it('does not store what needs no fetching', async () => {
    await writeCachedDescription(dir, URL_A, 'v1', { ...detail, source: 'listing' });
    await writeCachedDescription(dir, URL_A, 'v2', { ...detail, source: 'cache' });
    await expect(readdir(path.join(dir, 'descriptions'))).rejects.toThrow();
  });
});

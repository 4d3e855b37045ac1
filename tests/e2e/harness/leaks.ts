import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from './audit.js';
import { readZip } from './zip.js';

/**
 * Where a secret turns up: every file below the given folders (each part of a .docx unpacked,
 * since a key inside one would be compressed) and every named text (stdout, stderr, requests).
 */
export async function findSecret(
  secret: string,
  dirs: string[],
  texts: Record<string, string> = {},
): Promise<string[]> {
  const hits: string[] = [];
  for (const [name, text] of Object.entries(texts)) if (text.includes(secret)) hits.push(name);
  for (const dir of dirs) {
    for (const file of await listFiles(dir)) {
      const data = await readFile(file).catch(() => null);
      if (data === null) continue;
      if (data.includes(secret)) hits.push(file);
      else if (file.endsWith('.docx')) {
        try {
          if (readZip(data).some((entry) => entry.data.includes(secret))) hits.push(`${file} (unpacked)`);
        } catch {
          // Not whole: the audit reports it; a cut-off part cannot be searched.
        }
      }
    }
  }
  return hits;
}

/** Paths below `root` that are not below any of `inside`: what a run wrote where it must not. */
export async function pathsOutside(root: string, inside: string[]): Promise<string[]> {
  const allowed = inside.map((dir) => path.resolve(dir) + path.sep);
  return (await listFiles(root)).filter(
    (file) => !allowed.some((dir) => `${file}${path.sep}`.startsWith(dir)),
  );
}

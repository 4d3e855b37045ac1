import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeTextAtomically } from '../output/state-write.js';
import type { Profile } from '../profile/types.js';
import type { JobText } from './job-text.js';
import type { GenerationResult } from './types.js';

/**
 * Generations by content: the same profile, job text, company research, model and prompt version
 * give the same key, in this run and in later ones. One JSON file per key under
 * <cacheDir>/generations/, written atomically so a crash never leaves half a file behind.
 */
export interface CacheKeyParts {
  profile: Profile;
  job: JobText;
  companyAbout: string | null;
  model: string;
  promptVersion: string;
}

export function generationKey(parts: CacheKeyParts): string {
  // Where the resume file lives is not part of what it says.
  const { source: _where, ...profile } = parts.profile;
  const material = JSON.stringify([profile, parts.job, parts.companyAbout, parts.model, parts.promptVersion]);
  return createHash('sha256').update(material).digest('hex');
}

/** Enough of a result to trust a cache file; anything else is a miss and is regenerated. */
const CachedGeneration = z.looseObject({
  resume: z.looseObject({
    name: z.string(),
    summary: z.string(),
    skills: z.array(z.string()),
    work: z.array(z.unknown()),
  }),
  coverLetter: z.looseObject({ paragraphs: z.array(z.string()) }),
  generator: z.enum(['openai', 'offline']),
  promptVersion: z.string(),
});

export class GenerationCache {
  private readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = path.join(cacheDir, 'generations');
  }

  fileFor(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** The cached result, or null when there is none or it cannot be read (then it is regenerated). */
  async get(key: string): Promise<GenerationResult | null> {
    let text: string;
    try {
      text = await readFile(this.fileFor(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = CachedGeneration.safeParse(JSON.parse(text));
      return parsed.success ? (parsed.data as unknown as GenerationResult) : null;
    } catch {
      return null;
    }
  }

  async set(key: string, result: GenerationResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // No fsync: an entry a crash leaves unreadable is a miss, and this write holds an LLM slot.
    await writeTextAtomically(this.fileFor(key), `${JSON.stringify(result, null, 2)}\n`, { sync: false });
  }
}

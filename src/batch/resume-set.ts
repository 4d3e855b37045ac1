import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { FileStore } from '../infra/storage/types.js';
import { MAX_RESUME_BYTES, RESUME_FORMATS } from '../profile/index.js';
import { readZipEntries, type ZipLimits } from './zip-entries.js';

/**
 * The set of resumes one batch reads (screen: against one job; tailor: for one customer). Two
 * steps, so the service and the CLI share the second: the edge gathers files (a folder, a zip,
 * an upload) into the task's inputs store; prepare then plans them into one item per distinct
 * resume, and lists every file it passes over with the reason.
 */

/** A file passed over before any item ran: not a resume format, oversized, empty, a duplicate. */
export interface SkippedInput {
  /** The file's name inside the set ("team-a/alice.pdf"). */
  file: string;
  reason: string;
}

/** One distinct resume: its name in the inputs store, and its content hash. */
export interface ResumeInput {
  /** The name in the inputs store ("resumes/team-a/alice.pdf"). */
  name: string;
  /** The name inside the set, for people ("team-a/alice.pdf"). */
  file: string;
  sha256: string;
  size: number;
  /** Other files with the same content, screened once under this one. */
  duplicates: string[];
}

export const RESUMES_PREFIX = 'resumes/';

/** Files no one means as a resume: OS metadata and hidden files. */
function isNoise(file: string): boolean {
  return file.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db');
}

function formatProblem(file: string): string | null {
  const ext = path.extname(file).toLowerCase();
  if (RESUME_FORMATS[ext]) return null;
  const supported = Object.keys(RESUME_FORMATS).join(', ');
  return `not a resume format (${ext || 'no extension'}); supported: ${supported}`;
}

/** Why a file of this name and size is passed over as a resume, or null when it is read. */
export function resumeProblem(file: string, size: number): string | null {
  return formatProblem(file) ?? sizeProblem(size);
}

function sizeProblem(size: number): string | null {
  if (size === 0) return 'empty file';
  if (size > MAX_RESUME_BYTES) {
    return `oversized (${(size / 1024 / 1024).toFixed(1)} MB; at most ${MAX_RESUME_BYTES / 1024 / 1024} MB)`;
  }
  return null;
}

/**
 * Copies the resumes of `source` (a folder, read recursively, or a .zip) into `into` below
 * RESUMES_PREFIX. Files that are plainly not resumes or too big are not copied but listed.
 * Throws UsageError (exit 2) when `source` itself cannot be read.
 */
export async function gatherResumes(
  source: string,
  into: FileStore,
  limits: Partial<ZipLimits> = {},
): Promise<SkippedInput[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch (cause) {
    throw new UsageError(`--resumes ${source}: not found; give a folder of resumes or a .zip`, { cause });
  }
  if (info.isDirectory()) return gatherFolder(source, into);
  if (path.extname(source).toLowerCase() === '.zip') {
    const skipped: SkippedInput[] = [];
    await readZipEntries(source, limits, {
      accept: (file, size) => {
        if (isNoise(file)) return false;
        const problem = formatProblem(file) ?? sizeProblem(size);
        if (problem) skipped.push({ file, reason: problem });
        return problem === null;
      },
      entry: (file, data) => into.write(`${RESUMES_PREFIX}${file}`, data),
      refuse: (file, reason) => skipped.push({ file, reason }),
    });
    return skipped;
  }
  throw new UsageError(`--resumes ${source}: is a file; give a folder of resumes or a .zip of them`);
}

async function gatherFolder(root: string, into: FileStore): Promise<SkippedInput[]> {
  const skipped: SkippedInput[] = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const file = path.relative(root, full).split(path.sep).join('/');
    if (isNoise(file)) continue;
    const problem = formatProblem(file) ?? sizeProblem((await stat(full)).size);
    if (problem) {
      skipped.push({ file, reason: problem });
      continue;
    }
    try {
      await into.write(`${RESUMES_PREFIX}${file}`, await readFile(full));
    } catch (error) {
      skipped.push({
        file,
        reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
    }
  }
  return skipped;
}

/**
 * The plan's half of the set: every resume in `inputs` once. Same content under two names is
 * read once (the first name in order), the other names are noted on it and listed as skipped.
 */
export async function planResumes(
  inputs: FileStore,
  prefix = RESUMES_PREFIX,
): Promise<{ resumes: ResumeInput[]; skipped: SkippedInput[] }> {
  const skipped: SkippedInput[] = [];
  const byHash = new Map<string, ResumeInput>();
  for (const entry of await inputs.list(prefix)) {
    const file = entry.name.slice(prefix.length);
    if (isNoise(file)) continue;
    const problem = formatProblem(file) ?? sizeProblem(entry.size);
    if (problem) {
      skipped.push({ file, reason: problem });
      continue;
    }
    const data = await inputs.read(entry.name);
    if (!data) continue;
    const sha256 = createHash('sha256').update(data).digest('hex');
    const first = byHash.get(sha256);
    if (first) {
      first.duplicates.push(file);
      skipped.push({ file, reason: `duplicate: same content as ${first.file}, screened once` });
      continue;
    }
    byHash.set(sha256, { name: entry.name, file, sha256, size: entry.size, duplicates: [] });
  }
  return { resumes: [...byHash.values()], skipped };
}

/** A short id from the content hash: stable across runs, and it says nothing about the person. */
export function resumeId(input: Pick<ResumeInput, 'sha256'>): string {
  return `r-${input.sha256.slice(0, 10)}`;
}

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import type { RenderedFile } from '../generate/types.js';
import { applicationDirName, assertInside, assertPlainFileName, companySlug, shortHash } from './paths.js';
import { ApplicationRecord, formatIssues } from './schemas.js';
import { writeTextAtomically } from './state-write.js';
import type { ApplicationRecord as ApplicationRecordType } from './types.js';

/** Written last: its presence is what makes a folder an application. */
export const JOB_FILE = 'job.json';
export const DESCRIPTION_FILE = 'description.md';
export const COVER_LETTER_FILE = 'cover-letter.md';
const PARTIAL_MARK = '.partial-';

export interface CompleteApplication {
  /** Relative to the run folder, with forward slashes: `<company>/<title>-<id>`. */
  folder: string;
  record: ApplicationRecordType;
}

export interface ApplicationListing {
  applications: CompleteApplication[];
  /** Folders that look like applications but whose job.json is missing or invalid. */
  skipped: Array<{ folder: string; reason: string }>;
}

/** A folder's job.json, or a reason it does not count as a complete application. */
async function readRecord(folder: string): Promise<ApplicationRecordType | { reason: string }> {
  let text: string;
  try {
    text = await readFile(join(folder, JOB_FILE), 'utf8');
  } catch (error) {
    return { reason: `no readable ${JOB_FILE} (${describeError(error)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { reason: `${JOB_FILE} is not JSON (${describeError(error)})` };
  }
  const parsed = ApplicationRecord.safeParse(json);
  return parsed.success
    ? parsed.data
    : { reason: `${JOB_FILE} does not match: ${formatIssues(parsed.error)}` };
}

function isRecord(value: ApplicationRecordType | { reason: string }): value is ApplicationRecordType {
  return !('reason' in value);
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Picks the final folder: the slugged name, or a hash-suffixed one when another job already owns it. */
async function chooseFolder(
  companyDir: string,
  record: ApplicationRecordType,
): Promise<{ folder: string; existing: boolean }> {
  const base = applicationDirName(record.title, record.listing.jobId);
  for (const name of [base, `${base}-${shortHash(record.id)}`]) {
    const folder = join(companyDir, name);
    if (!(await pathExists(folder))) return { folder, existing: false };
    const found = await readRecord(folder);
    if (isRecord(found) && found.id === record.id) return { folder, existing: true };
    if (!isRecord(found)) {
      // Not ours to keep: a folder without a valid job.json was never a finished application.
      await rm(folder, { recursive: true, force: true });
      return { folder, existing: false };
    }
  }
  throw new OutputError(
    join(companyDir, base),
    `two other jobs already own this folder and its hashed variant; cannot place ${record.id}`,
  );
}

/**
 * Writes one application: every file into `<folder>.partial-<random>`, job.json last, then one
 * rename to the final name. A kill at any moment leaves either a complete folder or a partial one
 * that `cleanPartials` removes. A complete folder for the same job id is left untouched, so a
 * rerun never duplicates or rewrites an application. Returns the absolute final folder.
 */
export async function writeApplication(
  runDir: string,
  record: ApplicationRecordType,
  files: RenderedFile[],
  description: string | null,
): Promise<string> {
  const companyDir = assertInside(runDir, join(runDir, companySlug(record.company)));
  const { folder, existing } = await chooseFolder(companyDir, record);
  assertInside(runDir, folder);
  if (existing) return folder;

  const all: RenderedFile[] = [...files];
  // A text file ends with a newline, as the other Markdown files do (the description is trimmed).
  if (description !== null)
    all.push({ name: DESCRIPTION_FILE, data: `${description.replace(/\n*$/, '')}\n` });
  const names = all.map((file) => assertPlainFileName(file.name));
  if (names.includes(JOB_FILE) || new Set(names).size !== names.length) {
    throw new OutputError(folder, `rendered files must have distinct names other than ${JOB_FILE}: ${names}`);
  }

  const partial = `${folder}${PARTIAL_MARK}${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(partial, { recursive: true });
    for (const file of all) await writeFile(join(partial, file.name), file.data);
    const final: ApplicationRecordType = { ...record, files: [...names, JOB_FILE].sort() };
    // fsync'd so the rename below never publishes a job.json that a power cut could leave empty.
    await writeTextAtomically(join(partial, JOB_FILE), `${JSON.stringify(final, null, 2)}\n`);
    await rename(partial, folder);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another writer finished the same job first: theirs stands.
    const found = await readRecord(folder);
    if (isRecord(found) && found.id === record.id) return folder;
    throw new OutputError(folder, `cannot write the application (${describeError(error)})`, { cause: error });
  }
  return folder;
}

/** Every `<company>/<application>` folder name below the run folder, partial ones included. */
async function applicationFolders(runDir: string): Promise<string[]> {
  const out: string[] = [];
  let companies: string[];
  try {
    companies = (await readdir(runDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new OutputError(runDir, `cannot read the run folder (${describeError(error)})`, { cause: error });
  }
  for (const company of companies.sort()) {
    const entries = await readdir(join(runDir, company), { withFileTypes: true });
    for (const entry of entries) if (entry.isDirectory()) out.push(join(runDir, company, entry.name));
  }
  return out;
}

/** The finished applications of a run, by folder name; partial folders are never among them. */
export async function listCompleteApplications(runDir: string): Promise<ApplicationListing> {
  const listing: ApplicationListing = { applications: [], skipped: [] };
  for (const folder of await applicationFolders(runDir)) {
    if (folder.includes(PARTIAL_MARK)) continue;
    const rel = relative(runDir, folder).split('\\').join('/');
    const found = await readRecord(folder);
    if (isRecord(found)) listing.applications.push({ folder: rel, record: found });
    else listing.skipped.push({ folder: rel, reason: found.reason });
  }
  return listing;
}

/** Removes the `.partial-*` folders a killed run left behind; returns how many. */
export async function cleanPartials(runDir: string): Promise<number> {
  let removed = 0;
  for (const folder of await applicationFolders(runDir)) {
    if (!folder.includes(PARTIAL_MARK)) continue;
    await rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

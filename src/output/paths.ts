import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { OutputError } from '../errors.js';
import { slugify } from '../infra/slugify.js';

/** Folder names stay well under the 255-byte limit of every file system, paths under Windows' 260. */
export const COMPANY_SLUG_MAX = 60;
export const TITLE_SLUG_MAX = 80;
export const JOB_ID_SLUG_MAX = 40;
const HASH_CHARS = 8;

/** Names Windows refuses for a file or folder whatever the extension or case. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * Tech spellings that the slugger would otherwise strip to a bare letter ("C++" -> "c").
 * Run on the raw text, so both cases are listed.
 */
const REPLACEMENTS: Array<[string, string]> = [
  ['C++', ' cpp '],
  ['c++', ' cpp '],
  ['C#', ' csharp '],
  ['c#', ' csharp '],
  ['F#', ' fsharp '],
  ['.NET', ' dotnet '],
  ['.net', ' dotnet '],
];

/** A short, stable fingerprint of the untouched input; keeps truncated or emptied slugs apart. */
export function shortHash(input: string, chars = HASH_CHARS): string {
  return createHash('sha256').update(input).digest('hex').slice(0, chars);
}

/**
 * One safe path segment: lowercase ASCII letters, digits and single dashes, never empty, never
 * '.'/'..', never a Windows device name, at most `maxChars`. A hash of the input is appended
 * whenever information was lost beyond the slug itself (cut short, emptied, reserved), so two
 * different long titles never collapse into one folder.
 */
export function safeSegment(input: string, maxChars: number, fallback: string): string {
  const slug = slugify(input, { customReplacements: REPLACEMENTS });
  if (slug === '') return input === '' ? fallback : `${fallback}-${shortHash(input)}`;
  if (WINDOWS_RESERVED.test(slug)) return `${slug}-${shortHash(input)}`;
  if (slug.length <= maxChars) return slug;
  const head = slug.slice(0, maxChars - HASH_CHARS - 1).replace(/-+$/, '');
  return `${head}-${shortHash(input)}`;
}

export function companySlug(name: string): string {
  return safeSegment(name, COMPANY_SLUG_MAX, 'company');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `<title-slug>-<job-id-slug>`: readable, and unique per job within a company's folder. A UUID job
 * id (Lever, Ashby) gives its first 8 hex digits, as short commit ids do: the full 36 characters
 * made most of the folder name; two jobs of one company sharing them get the hashed variant.
 */
export function applicationDirName(title: string, jobId: string): string {
  const id = UUID.test(jobId) ? jobId.slice(0, 8).toLowerCase() : jobId;
  return `${safeSegment(title, TITLE_SLUG_MAX, 'job')}-${safeSegment(id, JOB_ID_SLUG_MAX, 'id')}`;
}

/**
 * Resolves `path` and throws OutputError unless it is `root` or below it. Every path built from
 * board data goes through here before anything is written.
 */
export function assertInside(root: string, path: string): string {
  const absoluteRoot = resolve(root);
  const absolute = resolve(absoluteRoot, path);
  const rel = relative(absoluteRoot, absolute);
  if (rel === '') return absolute;
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
    throw new OutputError(path, `resolves outside ${absoluteRoot}; refusing to write there`);
  }
  return absolute;
}

/** A plain file name as given to an application folder: no separators, no '.'/'..', not empty. */
export function assertPlainFileName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.length > 200) {
    throw new OutputError(name, 'is not a plain file name; rendered files must be named like "resume.pdf"');
  }
  return name;
}

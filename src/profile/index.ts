import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProfileError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import { deriveKeywords, deriveTargetRoles } from './build-profile.js';
import type { ResumeLine } from './lines.js';
import { parseResumeLines } from './parse-resume.js';
import { readJsonResume } from './read-json-resume.js';
import { readPdf } from './read-pdf.js';
import { markdownToLines, textToLines } from './read-text.js';
import type { Profile, ResumeContent, ResumeFormat } from './types.js';

export { aliasesOf, findKnownKeywords, KEYWORD_ALIASES, normalizeKeyword, sameKeyword } from './keywords.js';
export type { ResumeLine } from './lines.js';
export type { Profile, ResumeContent, ResumeFormat } from './types.js';

/** Extension -> format. The format is chosen by extension only, never by sniffing. */
export const RESUME_FORMATS: Readonly<Record<string, ResumeFormat>> = {
  '.json': 'json-resume',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.docx': 'docx',
  '.pdf': 'pdf',
};

/** Far beyond any resume; a file this big is the wrong file. */
export const MAX_RESUME_BYTES = 20 * 1024 * 1024;

const SUPPORTED = '.json (JSON Resume), .md/.markdown (Markdown), .txt (plain text), .docx (Word) and .pdf';

/** Extra advice for formats people often have. */
const CONVERT_HINTS: Record<string, string> = {
  '.doc': 'open it in Word and save it as .docx',
  '.odt': 'save it as .docx from LibreOffice',
  '.rtf': 'save it as .docx',
  '.pages': 'export it from Pages as .docx or PDF',
  '.html': 'save it as PDF from the browser',
};

export function resumeFormatOf(file: string): ResumeFormat {
  const ext = path.extname(file).toLowerCase();
  const format = RESUME_FORMATS[ext];
  if (format) return format;
  const hint = CONVERT_HINTS[ext] ? `; ${CONVERT_HINTS[ext]}` : '';
  const shown = ext === '' ? 'a file without an extension' : `"${ext}" files`;
  throw new ProfileError(file, `cannot read ${shown}; supported resume formats: ${SUPPORTED}${hint}`);
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new ProfileError(file, 'is a folder, not a file; set `resume` to your resume file');
    }
    if (info.size > MAX_RESUME_BYTES) {
      throw new ProfileError(
        file,
        `is ${Math.round(info.size / 1024 / 1024)} MB, too large for a resume; check the path`,
      );
    }
    return await readFile(file);
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'resume file not found; check the `resume` path in your config (relative to the config file)'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied); make the file readable'
          : `cannot be read (${(error as Error).message})`;
    throw new ProfileError(file, reason, { cause: error });
  }
}

/** What a reader took from one file: the content, and the lines it was parsed from (not for JSON Resume). */
export interface ResumeReading {
  format: ResumeFormat;
  content: ResumeContent;
  /** The unstructured formats' lines, as the shared parser saw them; null for JSON Resume. */
  lines: ResumeLine[] | null;
  dropped: string[];
}

async function linesOf(file: string, format: ResumeFormat, bytes: Buffer): Promise<ResumeLine[]> {
  switch (format) {
    case 'markdown':
      return markdownToLines(bytes.toString('utf8'));
    case 'text':
      return textToLines(bytes.toString('utf8'));
    case 'docx': {
      // mammoth and cheerio are loaded only for a Word resume.
      const { readDocx } = await import('./read-docx.js');
      return readDocx(file, bytes);
    }
    default:
      return readPdf(file, new Uint8Array(bytes));
  }
}

/**
 * Reads one resume's bytes (format by the name's extension) into its content, with the same
 * checks as loadProfile: empty files, no sections, no name. Throws ProfileError naming `file`.
 * Screening and tailoring read many resumes through it (some in worker threads); loadProfile one.
 */
export async function readResume(file: string, bytes: Buffer): Promise<ResumeReading> {
  const format = resumeFormatOf(file);
  if (bytes.toString('utf8').trim() === '') {
    throw new ProfileError(file, 'is empty; export the resume into it again, or use another file');
  }
  let reading: ResumeReading;
  if (format === 'json-resume') {
    const { content, dropped } = readJsonResume(file, bytes.toString('utf8'));
    reading = { format, content, lines: null, dropped };
  } else {
    const lines = await linesOf(file, format, bytes);
    reading = { format, content: parseResumeLines(lines), lines, dropped: [] };
  }
  checkContent(file, format, reading.content);
  return reading;
}

/** Never go on with an empty or nameless profile: everything downstream would be made up. */
function checkContent(file: string, format: ResumeFormat, content: ResumeContent): void {
  const empty = content.work.length === 0 && content.education.length === 0 && content.skills.length === 0;
  if (empty) {
    const where =
      format === 'json-resume'
        ? 'fill in `work`, `education` or `skills`'
        : 'give it headings such as "Experience", "Education" and "Skills"';
    throw new ProfileError(file, `no work history, education or skills found; ${where}, or use JSON Resume`);
  }
  if (content.name === '') {
    const where = format === 'json-resume' ? 'set `basics.name`' : 'put your name on the first line';
    throw new ProfileError(file, `no name found; ${where}`);
  }
}

/**
 * Reads the resume at `file` (format by extension) into the Profile every later stage uses.
 * Target roles are `search.roles` when given, else the two most recent job titles without
 * seniority words. Throws ProfileError (exit 2) for every unreadable or empty resume.
 */
export async function loadProfile(
  file: string,
  search: { roles: string[]; keywords: string[] },
  options: { logger?: Logger } = {},
): Promise<Profile> {
  const bytes = await readBytes(file);
  resumeFormatOf(file);
  if (bytes.toString('utf8').trim() === '') {
    throw new ProfileError(
      file,
      'is empty; export your resume into it again, or point `resume` at another file',
    );
  }
  return profileFromReading(file, await readResume(file, bytes), search, options);
}

/**
 * The Profile of one reading (readResume's, or a parse pool's): target roles and keywords added,
 * dropped entries logged. Batch work (many resumes) comes here without loadProfile's file access.
 */
export function profileFromReading(
  file: string,
  reading: ResumeReading,
  search: { roles: string[]; keywords: string[] },
  options: { logger?: Logger } = {},
): Profile {
  const { format, content, dropped } = reading;
  for (const problem of dropped) options.logger?.warn('profile', `${file}: dropped ${problem}`);
  options.logger?.debug('profile', `read ${file} as ${format}`, {
    work: content.work.length,
    education: content.education.length,
    skills: content.skills.length,
  });
  return {
    ...content,
    targetRoles: deriveTargetRoles(content.work, search.roles),
    keywords: deriveKeywords(content, search.keywords),
    source: { file: path.resolve(file), format },
  };
}

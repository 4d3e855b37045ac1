import { createHash } from 'node:crypto';
import path from 'node:path';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.js';

export interface UploadedFile {
  field: string;
  /** A safe base name (no folders, no dot files). */
  filename: string;
  data: Buffer;
}

export interface UploadedForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Longest text field of a form (job_text and options); a longer job goes as a file. */
export const FIELD_BYTES = 1024 * 1024;

/** Longest stored file name in UTF-8 bytes: file systems allow 255 per name; room for "-2" and temp suffixes. */
const MAX_NAME_BYTES = 200;

/**
 * A client's file name, stored as given as far as a file system allows: letters of any script,
 * spaces and punctuation stay (the page shows names as text, never markup); control characters
 * (NUL) are dropped, slashes and backslashes become "_" (a name is never a path), leading dots
 * go (no hidden files), and a name over 200 bytes is shortened in the middle, keeping its
 * extension (which says how the file is read).
 */
export function safeFileName(name: string, fallback: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]+/g, '')
    .replace(/[/\\]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return fallback;
  if (Buffer.byteLength(cleaned) <= MAX_NAME_BYTES) return cleaned;
  const ext = path.extname(cleaned).slice(0, 16);
  const chars = [...cleaned.slice(0, cleaned.length - ext.length)];
  while (chars.length > 0 && Buffer.byteLength(`${chars.join('')}${ext}`) > MAX_NAME_BYTES) chars.pop();
  return `${chars.join('')}${ext}`;
}

/** The limits a form is read under, for the messages that name them. */
export interface FormLimits {
  maxUploadBytes: number;
  maxFiles: number;
  maxFieldBytes: number;
}

/** @fastify/multipart's limit errors as 413 problems naming the field and the limit. */
function limitProblem(error: unknown, field: string, limits: FormLimits): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new HttpProblem(
      413,
      'Content Too Large',
      `${field}: a file is larger than ${limits.maxUploadBytes} bytes (serve.max_upload_bytes); send smaller files or a zip`,
      { field, received: `more than ${limits.maxUploadBytes} bytes` },
    );
  }
  if (code === 'FST_FILES_LIMIT') {
    return new HttpProblem(
      413,
      'Content Too Large',
      `${field}: more than ${limits.maxFiles} files in one request (serve.max_files); send them as one zip or in several tasks`,
      { field, received: `more than ${limits.maxFiles} files` },
    );
  }
  return error;
}

/** Reads a multipart body into memory (bounded by @fastify/multipart's limits: 413 beyond them). */
export async function readForm(request: FastifyRequest, limits: FormLimits): Promise<UploadedForm> {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send multipart/form-data (fields and files)', {
      field: 'content-type',
      received: request.headers['content-type'] ?? null,
    });
  }
  const form: UploadedForm = { fields: {}, files: [] };
  // The part being read when a limit is hit is the one the problem names.
  let field = 'resumes';
  try {
    for await (const part of request.parts()) {
      field = part.fieldname;
      if (part.type === 'file') {
        const data = await part.toBuffer();
        form.files.push({
          field: part.fieldname,
          filename: safeFileName(part.filename, `${part.fieldname}-${form.files.length + 1}`),
          data,
        });
      } else {
        if (part.valueTruncated) {
          throw new HttpProblem(
            413,
            'Content Too Large',
            `${part.fieldname}: longer than ${limits.maxFieldBytes} bytes; send a long text as a file (e.g. "job")`,
            { field: part.fieldname, received: `more than ${limits.maxFieldBytes} bytes` },
          );
        }
        form.fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    throw limitProblem(error, field, limits);
  }
  return form;
}

/** The form fields that carry files; every other field is text. */
export const FILE_FIELDS = ['job', 'resumes', 'template', 'config', 'resume'] as const;

/**
 * Refuses a field the endpoint does not know (a typo would otherwise be ignored in silence), and
 * a file sent where text is expected or text where a file is.
 */
export function assertKnownFields(form: UploadedForm, known: readonly string[]): void {
  const isFileField = (name: string) => (FILE_FIELDS as readonly string[]).includes(name);
  const names = [...Object.keys(form.fields), ...form.files.map((f) => f.field)];
  const unknown = names.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new HttpProblem(
      400,
      'Bad Request',
      `${unknown}: not a field of this endpoint; known: ${known.join(', ')}`,
      {
        field: unknown,
        received: form.fields[unknown] ?? 'a file',
      },
    );
  }
  const text = Object.keys(form.fields).find(isFileField);
  if (text !== undefined) {
    throw new HttpProblem(400, 'Bad Request', `${text}: expected a file, got text`, {
      field: text,
      received: form.fields[text]?.slice(0, 100),
    });
  }
  const file = form.files.find((f) => !isFileField(f.field));
  if (file) {
    throw new HttpProblem(400, 'Bad Request', `${file.field}: expected text, got a file (${file.filename})`, {
      field: file.field,
      received: 'a file',
    });
  }
}

/** One hash of the whole form, independent of field order: the Idempotency-Key's body. */
export function formHash(form: UploadedForm, extra = ''): string {
  const hash = createHash('sha256').update(extra);
  for (const key of Object.keys(form.fields).sort()) hash.update(`f\0${key}\0${form.fields[key]}\0`);
  for (const file of [...form.files].sort((a, b) =>
    `${a.field}/${a.filename}`.localeCompare(`${b.field}/${b.filename}`),
  )) {
    hash
      .update(`F\0${file.field}\0${file.filename}\0`)
      .update(createHash('sha256').update(file.data).digest());
  }
  return hash.digest('hex');
}

/** Form fields as options: numbers and booleans checked, the field named when wrong. */
export const formOptions = {
  int(form: UploadedForm, field: string, min: number, max: number): number | undefined {
    const raw = form.fields[field];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new HttpProblem(400, 'Bad Request', `${field}: expected a whole number from ${min} to ${max}`, {
        field,
        received: raw,
      });
    }
    return n;
  },
  bool(form: UploadedForm, field: string): boolean | undefined {
    const raw = form.fields[field];
    if (raw === undefined || raw === '') return undefined;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    throw new HttpProblem(400, 'Bad Request', `${field}: expected true or false`, { field, received: raw });
  },
  oneOf<T extends string>(form: UploadedForm, field: string, values: readonly T[]): T | undefined {
    const raw = form.fields[field];
    if (raw === undefined || raw === '') return undefined;
    if (!values.includes(raw as T)) {
      throw new HttpProblem(400, 'Bad Request', `${field}: expected one of ${values.join(', ')}`, {
        field,
        received: raw,
      });
    }
    return raw as T;
  },
  url(form: UploadedForm, field: string): string | undefined {
    const raw = form.fields[field];
    if (raw === undefined || raw === '') return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {}
    throw new HttpProblem(400, 'Bad Request', `${field}: expected an http(s) URL`, { field, received: raw });
  },
};

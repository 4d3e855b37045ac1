import { createHash } from 'node:crypto';
import type {} from '@fastify/multipart';
import path from 'node:path';
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

/** A client's file name as a plain base name: no folder, no leading dots, only safe characters. */
export function safeFileName(name: string, fallback: string): string {
  const base = path.posix.basename(name.replaceAll('\\', '/')).replace(/[^\w.\- ]+/g, '_').replace(/^[.\s]+/, '');
  return base.slice(-120) || fallback;
}

/** Reads a multipart body into memory (bounded by @fastify/multipart's limits: 413 beyond them). */
export async function readForm(request: FastifyRequest): Promise<UploadedForm> {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send multipart/form-data (fields and files)', {
      received: request.headers['content-type'] ?? null,
    });
  }
  const form: UploadedForm = { fields: {}, files: [] };
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      form.files.push({
        field: part.fieldname,
        filename: safeFileName(part.filename, `${part.fieldname}-${form.files.length + 1}`),
        data,
      });
    } else {
      form.fields[part.fieldname] = String(part.value);
    }
  }
  return form;
}

/** One hash of the whole form, independent of field order: the Idempotency-Key's body. */
export function formHash(form: UploadedForm, extra = ''): string {
  const hash = createHash('sha256').update(extra);
  for (const key of Object.keys(form.fields).sort()) hash.update(`f\0${key}\0${form.fields[key]}\0`);
  for (const file of [...form.files].sort((a, b) => `${a.field}/${a.filename}`.localeCompare(`${b.field}/${b.filename}`))) {
    hash.update(`F\0${file.field}\0${file.filename}\0`).update(createHash('sha256').update(file.data).digest());
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

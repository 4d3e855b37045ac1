import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnyTaskKind } from '../app/task.js';
import type { ResumeParser } from '../batch/parse-pool.js';
import { gatherResumes, RESUMES_PREFIX, resumeProblem, type SkippedInput } from '../batch/resume-set.js';
import type { ZipLimits } from '../batch/zip-entries.js';
import type { LlmConfig } from '../config/schema.js';
import { BlockedAddressError, UsageError } from '../errors.js';
import type { HttpClient } from '../infra/http/client.js';
import type { FileStore } from '../infra/storage/types.js';
import { createScreenKind } from '../screen/kind.js';
import type { ScreenInput } from '../screen/types.js';
import { createTailorKind } from '../tailor/kind.js';
import { HttpProblem } from './problem.js';
import { formOptions, type UploadedForm } from './upload.js';

/** What a route's build step is given besides the form. */
export interface BuildEnv {
  llmAvailable: boolean;
  /** The server's HTTP client (address guard on): submitted URLs are tried with it first. */
  http: HttpClient;
  /** The caller (token owner). */
  owner: string;
  /** Bounds on an uploaded zip (serve.max_unzipped_bytes). */
  zipLimits?: Partial<ZipLimits>;
}

/** What one POST endpoint made of its form: the kind's input (its files already in the inputs). */
export interface Submission {
  input: unknown;
  /** Items the task will have (resumes given): at most serve.sync_max is answered in the request. */
  items: number;
  concurrency?: number;
}

export interface KindRoute {
  /** POST path under /api. */
  path: string;
  kind: AnyTaskKind;
  summary: string;
  /** The form's fields, for the OpenAPI document. */
  fields: Record<string, string>;
  /** false: the same inputs run again (a match run reads the boards anew); default true. */
  cacheable?: boolean;
  /** Checks the form and writes its files into the task's inputs. */
  build(form: UploadedForm, inputs: FileStore, env: BuildEnv): Promise<Submission>;
}

const JOB_FIELDS = {
  job: 'the job as a file (Markdown, text, HTML, PDF, DOCX)',
  job_text: 'the job as text',
  job_url: "the job posting's URL",
  resumes: 'one or more resume files (PDF, DOCX, Markdown, text), or one zip of them',
  concurrency: 'resumes read at once (1-16)',
};

/**
 * A submitted URL, refused with 400 naming its field when it (or a redirect from it, or the
 * addresses its name resolves to) is one the address guard blocks: the client hears it at once
 * instead of from a failed task. Other failures (a 404, a slow site) are the task's to report;
 * the task's own requests go through the same guard, so a name that changes its answer later is
 * refused there.
 */
export async function guardedUrl(
  form: UploadedForm,
  field: string,
  http: HttpClient,
): Promise<string | undefined> {
  const url = formOptions.url(form, field);
  if (!url) return undefined;
  try {
    await http.request(url, { method: 'HEAD', retries: 0, acceptStatus: ANY_STATUS });
  } catch (error) {
    if (error instanceof BlockedAddressError) {
      throw new HttpProblem(400, 'Bad Request', `${field}: ${error.message}`, { field, received: url });
    }
  }
  return url;
}

/** Every status a HEAD may answer: only where it connects matters here. */
const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);

/** The job from `job` (file), `job_text` or `job_url`: exactly one. */
export async function jobFromForm(
  form: UploadedForm,
  inputs: FileStore,
  http: HttpClient,
  folder = '',
): Promise<{ file: string } | { url: string }> {
  const file = form.files.find((f) => f.field === 'job');
  const text = form.fields['job_text']?.trim();
  const url = formOptions.url(form, 'job_url');
  const given = [file, text, url].filter(Boolean).length;
  if (given !== 1) {
    throw new HttpProblem(
      400,
      'Bad Request',
      'give the job once: a file in "job", text in "job_text" or a URL in "job_url"',
      { field: 'job', received: given === 0 ? null : 'more than one of job, job_text, job_url' },
    );
  }
  if (url) return { url: (await guardedUrl(form, 'job_url', http)) ?? url };
  const name = `${folder}job${file ? path.extname(file.filename).toLowerCase() || '.md' : '.md'}`;
  await inputs.write(name, file ? file.data : Buffer.from(text as string));
  return { file: name };
}

/**
 * The resumes from the `resumes` file fields into resumes/ of the inputs; a zip among them is
 * opened there (unsafe names, bombs and non-resumes refused per entry, as the CLI does).
 */
export async function resumesFromForm(
  form: UploadedForm,
  inputs: FileStore,
  zipLimits: Partial<ZipLimits> = {},
): Promise<{ count: number; skipped: SkippedInput[] }> {
  const resumes = form.files.filter((f) => f.field === 'resumes');
  if (resumes.length === 0) {
    throw new HttpProblem(400, 'Bad Request', 'resumes: give one or more resume files, or one zip of them', {
      field: 'resumes',
      received: null,
    });
  }
  const skipped: SkippedInput[] = [];
  const seen = new Set<string>();
  for (const f of resumes) {
    if (path.extname(f.filename).toLowerCase() === '.zip') {
      skipped.push(...(await unzipUpload(f, inputs, zipLimits)));
      continue;
    }
    let name = f.filename;
    for (let n = 2; seen.has(name); n++)
      name = `${path.parse(f.filename).name}-${n}${path.extname(f.filename)}`;
    seen.add(name);
    await inputs.write(`${RESUMES_PREFIX}${name}`, f.data);
  }
  const entries = await inputs.list(RESUMES_PREFIX);
  const usable = entries.filter((e) => resumeProblem(e.name, e.size) === null);
  if (usable.length === 0) {
    // Nothing to read: refused now rather than a task that ranks no one.
    const reasons = [
      ...entries.map((e) => `${e.name.slice(RESUMES_PREFIX.length)}: ${resumeProblem(e.name, e.size)}`),
      ...skipped.map((s) => `${s.file}: ${s.reason}`),
    ];
    throw new HttpProblem(400, 'Bad Request', `resumes: no readable resume (${reasons.join('; ')})`, {
      field: 'resumes',
      received: resumes.map((f) => f.filename),
    });
  }
  return { count: entries.length, skipped };
}

/** One uploaded zip into resumes/ (bad entries listed, not unpacked); a zip over the limits is 413. */
async function unzipUpload(
  upload: UploadedForm['files'][number],
  inputs: FileStore,
  zipLimits: Partial<ZipLimits>,
): Promise<SkippedInput[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jm-upload-'));
  const zip = path.join(dir, 'resumes.zip');
  try {
    await writeFile(zip, upload.data);
    return await gatherResumes(zip, inputs, zipLimits);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The CLI's message names the temporary file; the client knows the file by its own name.
    const detail = error.message.replace(`--resumes ${zip}`, `resumes: ${upload.filename}`);
    const tooBig = /expands to more than|entries, more than/.test(detail);
    throw new HttpProblem(
      tooBig ? 413 : 400,
      tooBig ? 'Content Too Large' : 'Bad Request',
      detail,
      {
        field: 'resumes',
        received: upload.filename,
      },
      { cause: error },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function screenRoute(options: { parser: ResumeParser; modelCache: FileStore }): KindRoute {
  return {
    path: '/api/screenings',
    kind: createScreenKind(options),
    summary: 'Screen many resumes against one job: a ranked shortlist with evidence',
    fields: {
      ...JOB_FIELDS,
      top: 'shortlist size',
      min_score: 'lowest score on the shortlist (0-100)',
      blind: 'true: names and contact details hidden from the model and the report',
      llm: 'true: the model judges each criterion (quotes checked against the resume)',
    },
    async build(form, inputs, env) {
      const llm = formOptions.bool(form, 'llm') ?? false;
      if (llm && !env.llmAvailable) {
        throw new HttpProblem(400, 'Bad Request', 'llm: this server has no model (OPENAI_API_KEY unset)', {
          field: 'llm',
          received: form.fields['llm'],
        });
      }
      const options = {
        llm,
        blind: formOptions.bool(form, 'blind') ?? false,
        reveal: false,
        top: formOptions.int(form, 'top', 1, 10_000) ?? null,
        minScore: formOptions.int(form, 'min_score', 0, 100) ?? 0,
      };
      const job = await jobFromForm(form, inputs, env.http, 'job/');
      const { count, skipped } = await resumesFromForm(form, inputs, env.zipLimits);
      const input: ScreenInput = { job, criteria: null, gathered: skipped, options };
      return { input, items: count, concurrency: formOptions.int(form, 'concurrency', 1, 16) };
    },
  };
}

export function tailorRoute(options: {
  llm: LlmConfig;
  cacheDir: string;
  researchCache: FileStore;
  parser: ResumeParser;
}): KindRoute {
  return {
    path: '/api/tailorings',
    kind: createTailorKind(options),
    summary: "Tailor many people's resumes to one customer's job",
    fields: {
      ...JOB_FIELDS,
      company_url: "the customer's own page, read once for the research",
      template: 'a DOCX template (docxtemplater tags)',
      file_type: 'docx, pdf or md',
    },
    async build(form, inputs, env) {
      const fileType = formOptions.oneOf(form, 'file_type', ['docx', 'pdf', 'md'] as const);
      const concurrency = formOptions.int(form, 'concurrency', 1, 16);
      const companyUrl = (await guardedUrl(form, 'company_url', env.http)) ?? null;
      const job = await jobFromForm(form, inputs, env.http);
      const { count } = await resumesFromForm(form, inputs, env.zipLimits);
      const template = form.files.find((f) => f.field === 'template');
      if (template) await inputs.write('template.docx', template.data);
      const input = {
        job,
        companyUrl,
        template: template ? 'template.docx' : null,
        fileType: fileType ?? null,
        pdf: fileType === 'pdf',
      };
      return { input, items: count, concurrency };
    },
  };
}

import path from 'node:path';
import type { AnyTaskKind } from '../app/task.js';
import type { ResumeParser } from '../batch/parse-pool.js';
import type { LlmConfig } from '../config/schema.js';
import type { FileStore } from '../infra/storage/types.js';
import { createTailorKind } from '../tailor/kind.js';
import { HttpProblem } from './problem.js';
import { formOptions, type UploadedForm } from './upload.js';

/** What one POST endpoint turns its form into: the kind's input, its input files, items expected. */
export interface Submission {
  input: unknown;
  files: { name: string; data: Buffer }[];
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
  build(form: UploadedForm): Submission;
}

const JOB_FIELDS = {
  job: 'the job as a file (Markdown, text, HTML, PDF, DOCX)',
  job_text: 'the job as text',
  job_url: "the job posting's URL",
  resumes: 'one or more resume files (PDF, DOCX, Markdown, text), or one zip of them',
  concurrency: 'resumes read at once (1-16)',
};

/** The job from `job` (file), `job_text` or `job_url`: exactly one. */
export function jobFromForm(form: UploadedForm): { job: { file: string } | { url: string }; files: Submission['files'] } {
  const file = form.files.find((f) => f.field === 'job');
  const text = form.fields['job_text']?.trim();
  const url = formOptions.url(form, 'job_url');
  const given = [file, text, url].filter(Boolean).length;
  if (given !== 1) {
    throw new HttpProblem(400, 'Bad Request', 'give the job once: a file in "job", text in "job_text" or a URL in "job_url"', {
      field: 'job',
      received: given === 0 ? null : 'more than one of job, job_text, job_url',
    });
  }
  if (file) {
    const name = `job${path.extname(file.filename).toLowerCase() || '.md'}`;
    return { job: { file: name }, files: [{ name, data: file.data }] };
  }
  if (text) return { job: { file: 'job.md' }, files: [{ name: 'job.md', data: Buffer.from(text) }] };
  return { job: { url: url as string }, files: [] };
}

/** The resumes from the `resumes` file fields, under resumes/ in the task's inputs. */
export function resumesFromForm(form: UploadedForm): Submission['files'] {
  const resumes = form.files.filter((f) => f.field === 'resumes');
  if (resumes.length === 0) {
    throw new HttpProblem(400, 'Bad Request', 'resumes: give one or more resume files, or one zip of them', {
      field: 'resumes',
      received: null,
    });
  }
  const seen = new Set<string>();
  return resumes.map((f) => {
    let name = f.filename;
    for (let n = 2; seen.has(name); n++) name = `${path.parse(f.filename).name}-${n}${path.extname(f.filename)}`;
    seen.add(name);
    return { name: `resumes/${name}`, data: f.data };
  });
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
    build(form) {
      const { job, files } = jobFromForm(form);
      const resumes = resumesFromForm(form);
      const template = form.files.find((f) => f.field === 'template');
      const fileType = formOptions.oneOf(form, 'file_type', ['docx', 'pdf', 'md'] as const);
      const input = {
        job,
        companyUrl: formOptions.url(form, 'company_url') ?? null,
        template: template ? 'template.docx' : null,
        pdf: fileType === 'pdf',
      };
      return {
        input,
        files: [...files, ...resumes, ...(template ? [{ name: 'template.docx', data: template.data }] : [])],
        items: resumes.length,
        concurrency: formOptions.int(form, 'concurrency', 1, 16),
      };
    },
  };
}

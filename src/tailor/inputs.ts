import type { RunContext } from '../app/context.js';
import type { TaskDeps, TaskItem } from '../app/task.js';
import { readJob } from '../batch/job-input.js';
import { planResumes, resumeId } from '../batch/resume-set.js';
import type { SourcesConfig } from '../config/schema.js';
import { safeSegment } from '../output/paths.js';
import type { TailorJob } from './job.js';
import type { TailorItemInput, TailorRequest } from './types.js';

const PERSON_SLUG_MAX = 60;

/** "Senior Backend Engineer at Acme" as a first heading gives both; an "About Acme" heading the company. */
function namesFromText(title: string | null, text: string): { title: string | null; company: string | null } {
  const at = title?.match(/^(.+?)\s+(?:at|@)\s+(.+)$/);
  const about = text.match(/^\s*#{1,6}\s*about\s+(?!us\b|the\b)(.+?)\s*$/im)?.[1];
  return { title: at?.[1] ?? title, company: at?.[2] ?? about?.replace(/[*_:]/g, '').trim() ?? null };
}

function hostName(url: string | null): string | null {
  if (!url) return null;
  return new URL(url).hostname.replace(/^(www|careers|jobs)\./, '').split('.')[0] ?? null;
}

/** The customer's job through the batch job reader, with a company name for the research. */
export async function tailorJob(
  request: Pick<TailorRequest, 'job' | 'companyUrl'>,
  deps: TaskDeps,
  ctx: RunContext,
  sources?: SourcesConfig,
): Promise<TailorJob> {
  const doc = await readJob(request.job, deps.inputs, deps.services, ctx, sources);
  const named = namesFromText(doc.title, doc.text);
  const url = 'url' in request.job ? request.job.url : null;
  return {
    company:
      doc.company ?? named.company ?? hostName(request.companyUrl ?? null) ?? hostName(url) ?? 'the company',
    title: named.title ?? 'the job',
    text: doc.text,
    url,
  };
}

/**
 * One item per distinct resume of the inputs (the batch resume set: copies and unreadable formats
 * are skipped with their reasons). Each person's folder is named after the file, unique in the task.
 */
export async function resumeItems(deps: TaskDeps): Promise<{
  items: TaskItem<TailorItemInput>[];
  skipped: { id: string; label: string; reason: string }[];
}> {
  const { resumes, skipped } = await planResumes(deps.inputs);
  const folders = new Set<string>();
  const items = resumes.map((resume): TaskItem<TailorItemInput> => {
    const base = safeSegment(resume.file.replace(/(\.resume)?\.[^./]+$/, ''), PERSON_SLUG_MAX, 'person');
    let folder = base;
    for (let n = 2; folders.has(folder); n++) folder = `${base}-${n}`;
    folders.add(folder);
    return { id: resumeId(resume), label: resume.file, input: { file: resume.name, folder } };
  });
  return {
    items,
    skipped: skipped.map((s) => ({ id: s.file, label: s.file, reason: s.reason })),
  };
}

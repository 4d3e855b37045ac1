import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RunContext } from '../app/context.js';
import type { TaskDeps, TaskItem } from '../app/task.js';
import { JobMatcherError, ProfileError, UsageError } from '../errors.js';
import { readPostingPage } from '../fetch/page.js';
import { safeSegment } from '../output/paths.js';
import { resumeFormatOf } from '../profile/index.js';
import type { TailorJob } from './job.js';
import type { TailorItemInput, TailorRequest } from './types.js';

const PERSON_SLUG_MAX = 60;

/** A heading "About Acme" / "About us" tells the company; else the first heading is the title. */
function titleAndCompany(markdown: string, fallbackCompany: string): { title: string; company: string } {
  const lines = markdown.split(/\r?\n/).map((l) => l.trim());
  const heading = lines.find((l) => /^#{1,3}\s+\S/.test(l))?.replace(/^#+\s+/, '');
  const first = lines.find((l) => l !== '') ?? 'the job';
  const about = markdown.match(/^\s*#{1,6}\s*about\s+(?!us\b|the\b)(.+?)\s*$/im)?.[1];
  const atCompany = heading?.match(/^(.+?)\s+(?:at|@)\s+(.+)$/);
  return {
    title: (atCompany?.[1] ?? heading ?? first).replace(/[*_#]/g, '').trim(),
    company: (about ?? atCompany?.[2] ?? fallbackCompany).replace(/[*_#:]/g, '').trim(),
  };
}

function hostCompany(url: string | null): string | null {
  if (!url) return null;
  const host = new URL(url).hostname.replace(/^(www|careers|jobs)\./, '');
  return host.split('.')[0] ?? null;
}

/** The job from a file among the inputs (Markdown, text or HTML) or from its URL. */
export async function readJob(
  request: Pick<TailorRequest, 'job' | 'companyUrl'>,
  deps: TaskDeps,
  ctx: RunContext,
): Promise<TailorJob> {
  const job = request.job;
  let text: string;
  let url: string | null = null;
  if ('file' in job) {
    const bytes = await deps.inputs.read(job.file);
    if (!bytes)
      throw new UsageError(`${job.file}: job file not found; give --job a Markdown, text or HTML file`);
    const raw = bytes.toString('utf8');
    const page = /\.html?$/i.test(job.file)
      ? readPostingPage({ url: 'file:///job.html', contentType: 'text/html', text: raw })
      : null;
    text = page ? (page.ok ? page.markdown : '') : raw;
  } else {
    url = job.url;
    const res = await deps.services.http.request(job.url, { signal: ctx.signal });
    const page = readPostingPage({
      url: res.url,
      contentType: res.headers.get('content-type'),
      text: res.text,
    });
    if (!page.ok) throw new UsageError(`${job.url}: no job text in the page (${page.reason})`);
    text = page.markdown;
  }
  if (text.trim() === '') {
    const name = 'file' in job ? job.file : job.url;
    throw new UsageError(`${name}: the job has no text; give the posting's text or its URL`);
  }
  const fallback = hostCompany(request.companyUrl ?? null) ?? hostCompany(url) ?? 'the company';
  return { ...titleAndCompany(text, fallback), text, url };
}

/**
 * One item per resume, its id a slug of the file name (the person's folder); files whose format
 * cannot be read and byte-identical copies are skipped with their reason, before any work starts.
 */
export async function resumeItems(
  request: Pick<TailorRequest, 'resumes'>,
  deps: TaskDeps,
): Promise<{ items: TaskItem<TailorItemInput>[]; skipped: { id: string; label: string; reason: string }[] }> {
  const names = request.resumes ?? (await deps.inputs.list('resumes/')).map((f) => f.name);
  const items: TaskItem<TailorItemInput>[] = [];
  const skipped: { id: string; label: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  const ids = new Set<string>();
  for (const name of names) {
    const label = path.posix.basename(name);
    const base = safeSegment(
      label.replace(/\.[^.]+$/, '').replace(/\.resume$/, ''),
      PERSON_SLUG_MAX,
      'person',
    );
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    try {
      resumeFormatOf(name);
    } catch (error) {
      skipped.push({ id, label, reason: error instanceof JobMatcherError ? error.message : String(error) });
      continue;
    }
    const bytes = await deps.inputs.read(name);
    if (!bytes) throw new ProfileError(name, 'not found');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const first = seen.get(hash);
    if (first) {
      skipped.push({ id, label, reason: `the same file as ${first}` });
      continue;
    }
    seen.set(hash, label);
    ids.add(id);
    items.push({ id, label, input: { file: name } });
  }
  return { items, skipped };
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { type RunContext, type StageDeps, stageDeps } from '../app/context.js';
import type { Services } from '../app/services.js';
import { SourcesConfig } from '../config/schema.js';
import { CancelledError, describeError, UsageError } from '../errors.js';
import { describeListing } from '../fetch/index.js';
import { anyToMarkdown, textToMarkdown } from '../fetch/markdown.js';
import { readPostingPage } from '../fetch/page.js';
import type { FileStore } from '../infra/storage/types.js';
import type { ResumeLine } from '../profile/index.js';
import { readDocx } from '../profile/read-docx.js';
import { readPdf } from '../profile/read-pdf.js';
import { resolveSource } from '../sources/detect.js';
import { flattenNodes, isJobPostingType, ldJsonBlocks, parseLdJson } from '../sources/jsonld/blocks.js';
import { JobPosting } from '../sources/jsonld/schema.js';
import type { JobListing } from '../sources/types.js';
import { findPosting, postingFields } from './job-posting.js';

/**
 * The one job a batch works against (screen: the job to rank for; tailor: the customer's
 * posting), read from a file in the task's inputs or from a URL: a posting on any board kind
 * `match` reads (detected as `match` detects it), or any page with JSON-LD or readable text.
 */

/** Where the job comes from: a file in the task's inputs store, or a URL. Plain JSON. */
export type JobSource = { file: string } | { url: string };

export interface JobDocument {
  /** The job as Markdown. */
  text: string;
  title: string | null;
  company: string | null;
  locations: string[];
  remote: boolean | null;
  employmentType: string | null;
  /** The file name or URL it was read from. */
  from: string;
  /** How: the file's format, the board kind, or "page". */
  via: string;
  sha256: string;
}

export const JOB_FORMATS = ['.md', '.markdown', '.txt', '.text', '.pdf', '.docx', '.html', '.htm'] as const;

/** Too short to hold requirements: the wrong file, or a page that did not render its text. */
const MIN_JOB_CHARS = 40;

type Fields = Omit<JobDocument, 'text' | 'from' | 'via' | 'sha256'>;
const NO_FIELDS: Fields = { title: null, company: null, locations: [], remote: null, employmentType: null };

/**
 * Reads the job. Throws UsageError (exit 2) naming the file or URL and what to do when it cannot
 * be read or holds no text; CancelledError when cancelled.
 */
export async function readJob(
  source: JobSource,
  inputs: FileStore,
  services: Services,
  ctx: RunContext,
  sources: SourcesConfig = SourcesConfig.parse({}),
): Promise<JobDocument> {
  const where = 'file' in source ? source.file : source.url;
  let read: { text: string; fields: Fields; via: string };
  try {
    read =
      'file' in source
        ? await fromFile(source.file, inputs)
        : await fromUrl(source.url, stageDeps(services, ctx), sources);
  } catch (error) {
    if (error instanceof CancelledError || error instanceof UsageError) throw error;
    throw new UsageError(`--job ${where}: cannot be read (${describeError(error)})`, { cause: error });
  }
  const text = read.text.trim();
  if (text.replace(/\s+/g, '').length < MIN_JOB_CHARS) {
    throw new UsageError(`--job ${where}: holds no job text; give the posting's text, file or URL`);
  }
  const title = read.fields.title ?? firstHeading(text);
  return {
    text,
    ...read.fields,
    title,
    from: where,
    via: read.via,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

function firstHeading(markdown: string): string | null {
  const line = markdown.split('\n').find((l) => l.trim() !== '');
  return line
    ? line
        .replace(/^#+\s*/, '')
        .replace(/\*\*/g, '')
        .trim()
        .slice(0, 200) || null
    : null;
}

/** Lines from the resume readers (they read any document's layout) as Markdown. */
function linesToMarkdown(lines: ResumeLine[]): string {
  return lines
    .map((line) => {
      const text = line.text.replace(/ {3}/g, ' ');
      const gap = line.blankBefore ? '\n' : '';
      if (line.level !== null) return `${gap}\n${'#'.repeat(Math.min(6, line.level + 1))} ${text}\n`;
      return `${gap}${line.bullet ? '- ' : ''}${text}`;
    })
    .join('\n');
}

async function fromFile(
  name: string,
  inputs: FileStore,
): Promise<{ text: string; fields: Fields; via: string }> {
  const ext = path.extname(name).toLowerCase();
  if (!(JOB_FORMATS as readonly string[]).includes(ext)) {
    throw new UsageError(
      `--job ${name}: cannot read "${ext || 'no extension'}" files; use ${JOB_FORMATS.join(', ')} or a URL`,
    );
  }
  const bytes = await inputs.read(name);
  if (!bytes) throw new UsageError(`--job ${name}: not found`);
  const via = ext.slice(1);
  switch (ext) {
    case '.pdf':
      return { text: linesToMarkdown(await readPdf(name, new Uint8Array(bytes))), fields: NO_FIELDS, via };
    case '.docx':
      return { text: linesToMarkdown(await readDocx(name, bytes)), fields: NO_FIELDS, via };
    case '.html':
    case '.htm':
      return fromPage(bytes.toString('utf8'), 'text/html', 'file:///job.html', via);
    case '.txt':
    case '.text':
      return { text: textToMarkdown(bytes.toString('utf8')), fields: NO_FIELDS, via };
    default:
      return { text: bytes.toString('utf8'), fields: NO_FIELDS, via };
  }
}

/** A page's text (JSON-LD first, else its readable content) and its JobPosting's fields. */
function fromPage(body: string, contentType: string | null, url: string, via: string) {
  const reading = readPostingPage({ url, contentType, text: body });
  if (!reading.ok) throw new UsageError(`--job ${url.startsWith('file:') ? 'file' : url}: ${reading.reason}`);
  return { text: reading.markdown, fields: pageFields(body), via };
}

/** Title, company, places and type of the page's first JobPosting, when it has one. */
function pageFields(html: string): Fields {
  for (const block of ldJsonBlocks(html)) {
    let nodes: Record<string, unknown>[];
    try {
      nodes = flattenNodes(parseLdJson(block.text));
    } catch {
      continue;
    }
    for (const node of nodes.filter((n) => isJobPostingType(n['@type']))) {
      const parsed = JobPosting.safeParse(node);
      if (parsed.success) return postingFields(parsed.data);
    }
  }
  return NO_FIELDS;
}

const BOARD_KINDS = new Set(['greenhouse', 'lever', 'ashby', 'workday', 'smartrecruiters']);

async function fromUrl(url: string, deps: StageDeps, sources: SourcesConfig) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new UsageError(`--job ${url}: not a valid URL or file`, { cause });
  }
  const company = { name: parsed.hostname, url };
  const source = resolveSource(company);
  if (BOARD_KINDS.has(source.kind)) {
    const ctx = { company, options: sources[source.kind], deps };
    const { listings } = await source.scrape(ctx);
    const listing = findPosting(listings, parsed);
    if (!listing) {
      throw new UsageError(
        `--job ${url}: no such posting on the ${source.kind} board (it may be closed); check the link`,
      );
    }
    return fromListing(listing, deps, sources, company);
  }
  const res = await deps.http.request(url, {
    headers: { accept: 'text/html,application/json;q=0.9,*/*;q=0.1' },
    signal: deps.signal,
  });
  return fromPage(res.text, res.headers.get('content-type'), res.url, 'page');
}

async function fromListing(
  listing: JobListing,
  deps: StageDeps,
  sources: SourcesConfig,
  company: { name: string; url: string },
) {
  const outcome = await describeListing(listing, { deps, workers: 1, sources, companies: [company] });
  if ('failure' in outcome) throw new UsageError(`--job ${listing.url}: ${outcome.failure}`);
  const fields: Fields = {
    title: listing.title,
    company: null,
    locations: listing.locations,
    remote: listing.workplace === null ? null : listing.workplace === 'remote',
    employmentType: listing.employmentType,
  };
  return { text: anyToMarkdown(outcome.detail.markdown), fields, via: listing.kind };
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type RunContext, stageDeps } from '../app/context.js';
import type { Services } from '../app/services.js';
import { SourcesConfig } from '../config/schema.js';
import { CancelledError, describeError } from '../errors.js';
import { readPostingPage } from '../fetch/page.js';
import { aboutSection, clipAbout } from '../generate/research.js';
import type { FileStore } from '../infra/storage/types.js';
import { resolveSource } from '../sources/detect.js';

/**
 * Research on the customer, done once per tailoring before any resume is read, and shared by all
 * of them: the board's company blurb (when the job is a posting on a board that has one), the
 * "About" section of the job text, and the readable text of the `--company-url` page.
 * Kept in a cache store for `ttlMs` (default 24 h), so a rerun the same day asks nothing again.
 */
export interface CustomerResearchInput {
  company: string;
  /** The job's text (Markdown or plain). */
  jobText: string;
  /** The posting's URL; on a job board that describes the company, its blurb is read. */
  jobUrl: string | null;
  companyUrl: string | null;
}

export const ResearchSource = z.object({
  kind: z.enum(['board', 'job-text', 'company-page']),
  url: z.string().nullable(),
});

export const CustomerResearch = z.object({
  company: z.string(),
  /** What every prompt gets as the company research; null when nothing was found. */
  about: z.string().nullable(),
  sources: z.array(ResearchSource),
  researchedAt: z.string(),
  /** Problems that left a part out (a page that could not be read). */
  warnings: z.array(z.string()),
});
export type CustomerResearch = z.infer<typeof CustomerResearch>;

const CachedResearch = z.object({ version: z.literal(1), research: CustomerResearch });

export const DEFAULT_RESEARCH_TTL_MS = 24 * 60 * 60 * 1000;

export interface ResearchOptions {
  /** Where researched customers are kept between runs (the CLI: a folder below cache_dir). */
  cache: FileStore;
  ttlMs?: number;
  /** Per-kind source options (api_base), as the job was read with. */
  sources?: SourcesConfig;
}

/** One cache entry per customer, posting and page: the job text is local, so it needs no cache. */
const cacheName = (input: CustomerResearchInput): string =>
  `research/${createHash('sha256')
    .update(JSON.stringify([input.company.trim().toLowerCase(), input.jobUrl ?? '', input.companyUrl ?? '']))
    .digest('hex')
    .slice(0, 32)}.json`;

async function cached(
  options: ResearchOptions,
  name: string,
  now: Date,
  ctx: RunContext,
): Promise<CustomerResearch | null> {
  const bytes = await options.cache.read(name);
  if (!bytes) return null;
  let parsed: ReturnType<typeof CachedResearch.safeParse>;
  try {
    parsed = CachedResearch.safeParse(JSON.parse(bytes.toString('utf8')));
  } catch {
    parsed = CachedResearch.safeParse(null);
  }
  if (!parsed.success) {
    ctx.logger.warn('research', `${name}: unreadable cache entry; researching again`);
    return null;
  }
  const age = now.getTime() - Date.parse(parsed.data.research.researchedAt);
  return age >= 0 && age < (options.ttlMs ?? DEFAULT_RESEARCH_TTL_MS) ? parsed.data.research : null;
}

async function companyPage(
  url: string,
  services: Pick<Services, 'http'>,
  ctx: RunContext,
): Promise<{ text: string | null; warning: string | null }> {
  try {
    const res = await services.http.request(url, { signal: ctx.signal });
    const page = readPostingPage({
      url: res.url,
      contentType: res.headers.get('content-type'),
      text: res.text,
    });
    if (!page.ok) return { text: null, warning: `${url}: ${page.reason}` };
    return { text: page.markdown, warning: null };
  } catch (error) {
    if (error instanceof CancelledError || ctx.signal.aborted) throw error;
    return { text: null, warning: `${url}: cannot be read (${describeError(error)})` };
  }
}

/** The board's own blurb about the company, through the source that reads that board. */
async function boardAbout(
  input: CustomerResearchInput,
  services: Services,
  ctx: RunContext,
  sources: SourcesConfig,
): Promise<{ text: string | null; warning: string | null }> {
  if (!input.jobUrl) return { text: null, warning: null };
  const company = { name: input.company, url: input.jobUrl };
  const source = resolveSource(company);
  if (!source.about || source.kind === 'jsonld') return { text: null, warning: null };
  try {
    const text = await source.about({
      company,
      options: sources[source.kind],
      deps: stageDeps(services, ctx),
    });
    return { text: text?.trim() ? text : null, warning: null };
  } catch (error) {
    if (error instanceof CancelledError || ctx.signal.aborted) throw error;
    return {
      text: null,
      warning: `${source.kind} board of ${input.jobUrl}: no company blurb (${describeError(error)})`,
    };
  }
}

export async function researchCustomer(
  input: CustomerResearchInput,
  services: Services,
  ctx: RunContext,
  options: ResearchOptions,
): Promise<CustomerResearch & { cached: boolean }> {
  const name = cacheName(input);
  const now = services.clock.now();
  const hit = await cached(options, name, now, ctx);
  if (hit) {
    ctx.logger.info('research', `${input.company}: company research from the cache (${hit.researchedAt})`);
    return { ...hit, cached: true };
  }
  const parts: string[] = [];
  const sources: CustomerResearch['sources'] = [];
  const warnings: string[] = [];
  const board = await boardAbout(input, services, ctx, options.sources ?? SourcesConfig.parse({}));
  if (board.text) {
    parts.push(board.text);
    sources.push({ kind: 'board', url: input.jobUrl });
  }
  if (board.warning) {
    warnings.push(board.warning);
    ctx.logger.warn('research', `${board.warning}; going on without it`);
  }
  const fromJob = aboutSection(input.jobText, input.company);
  if (fromJob) {
    parts.push(fromJob);
    sources.push({ kind: 'job-text', url: null });
  }
  if (input.companyUrl) {
    const page = await companyPage(input.companyUrl, services, ctx);
    if (page.text) {
      parts.push(page.text);
      sources.push({ kind: 'company-page', url: input.companyUrl });
    }
    if (page.warning) {
      warnings.push(page.warning);
      ctx.logger.warn('research', `${page.warning}; going on without it`);
    }
  }
  const research: CustomerResearch = {
    company: input.company,
    about: parts.length > 0 ? clipAbout(parts.join(' ')) : null,
    sources,
    researchedAt: now.toISOString(),
    warnings,
  };
  // A failed page is not cached: the next run tries it again.
  if (warnings.length === 0) await options.cache.write(name, JSON.stringify({ version: 1, research }));
  return { ...research, cached: false };
}

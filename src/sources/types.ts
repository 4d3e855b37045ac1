import type { StageDeps } from '../app/context.js';
import type { CompanyConfig, SourceKind, SourceOptions } from '../config/schema.js';
import type { SourceError } from '../errors.js';

export type { SourceKind } from '../config/schema.js';

/** A description as the board gave it; converted to Markdown only when a job is kept. */
export interface JobText {
  format: 'html' | 'markdown' | 'text';
  content: string;
}

/** One job as listed by a career site, normalised across every kind of board. */
export interface JobListing {
  /** Stable across runs: `${kind}:${board}:${jobId}`. */
  id: string;
  kind: SourceKind;
  /** The board's own name for the company (greenhouse token, lever site, workday tenant/site...). */
  board: string;
  /** The board's id for this posting. */
  jobId: string;
  /** The company's name as configured. */
  company: string;
  title: string;
  locations: string[];
  /** null when the board does not say. */
  remote: boolean | null;
  department: string | null;
  employmentType: string | null;
  /** The human-facing posting URL. */
  url: string;
  /** ISO 8601, or null when the board gives none (Workday lists only "Posted Today"). */
  postedAt: string | null;
  updatedAt: string | null;
  /** The employer's requisition id when the board exposes one; distinguishes same-title jobs. */
  requisitionId: string | null;
  /** Present when the list payload carried the full description, so no second fetch is needed. */
  description: JobText | null;
}

/** What a source needs besides the company: its kind's options and the shared collaborators. */
export interface ScrapeContext {
  company: CompanyConfig;
  options: SourceOptions;
  deps: StageDeps;
  /** Validators from the previous run of this board, for conditional requests. */
  previous?: BoardValidators;
}

/** ETag / Last-Modified / content hash of a board's last answer. */
export interface BoardValidators {
  etag?: string;
  lastModified?: string;
  contentHash?: string;
}

export interface ScrapeResult {
  listings: JobListing[];
  /** Records that failed the payload schema and were dropped. */
  skipped: number;
  warnings: string[];
  /** True when the board answered "not modified" (or hashed the same): `listings` is then empty. */
  unchanged: boolean;
  validators?: BoardValidators;
}

/**
 * One kind of career site. Each lives in `src/sources/<kind>/` as `index.ts` (this object),
 * `schema.ts` (the payload schema) and `parse.ts` (pure payload -> JobListing[]), and is listed
 * once in `src/sources/registry.ts`.
 */
export interface JobSource {
  kind: SourceKind;
  /** True when the URL is this kind's board (used when the config gives no `kind`). */
  matches(url: URL): boolean;
  /** Reads every listing of one company. Throws SourceError when the board cannot be read. */
  scrape(ctx: ScrapeContext): Promise<ScrapeResult>;
  /** The full description from the board's detail API, for boards whose list omits it. */
  fetchDescription?(listing: JobListing, ctx: ScrapeContext): Promise<JobText | null>;
  /** A plain-text blurb about the company from the board, for company research; null if none. */
  about?(ctx: ScrapeContext): Promise<string | null>;
}

/** One company's scrape as the pipeline sees it; a failed board sets `error` instead of throwing. */
export interface CompanyScrape {
  /** The company's name as configured. */
  company: string;
  kind: SourceKind;
  listings: JobListing[];
  skipped: number;
  warnings: string[];
  /** The board did not change since `previous`; the pipeline keeps that run's listings. */
  unchanged: boolean;
  validators?: BoardValidators;
  durationMs: number;
  error: SourceError | null;
}

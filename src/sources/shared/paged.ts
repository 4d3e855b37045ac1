import type { ScrapeContext } from '../types.js';
import { jobLimit, pageLimit } from './board-url.js';
import { mergeParsed, type ParsedBoard } from './records.js';
import { BoardDigest } from './request.js';

/** A ceiling for boards that never send a short page: 500 pages is 10,000 Workday jobs. */
const HARD_PAGE_CAP = 500;

export interface Page {
  /** The page's raw records. */
  items: readonly unknown[];
  /** The page's raw body, for the board digest. */
  bytes: Uint8Array;
  /** The board's job count, when this page says (Workday says it on the first page only). */
  total: number | null;
}

export interface PagedBoard {
  pageSize: number;
  fetchPage(offset: number): Promise<Page>;
  /** A record's identity, to notice a board that wraps around or repeats pages. */
  keyOf(item: unknown): string | null;
  parse(items: readonly unknown[]): ParsedBoard;
}

/**
 * Reads a paged board from offset 0 until a short page, the first page's total, a page of only
 * repeats (boards that wrap back to page 1 past their cap), or the configured page/job limits.
 */
export async function readPaged(
  ctx: ScrapeContext,
  board: PagedBoard,
): Promise<{ parsed: ParsedBoard; contentHash: string }> {
  const maxPages = Math.min(pageLimit(ctx), HARD_PAGE_CAP);
  const maxJobs = jobLimit(ctx);
  const digest = new BoardDigest();
  const seen = new Set<string>();
  const parts: ParsedBoard[] = [];
  const warnings: string[] = [];
  let total: number | null = null;
  let count = 0;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      warnings.push(`stopped after ${page} page(s) (max_pages); the board may list more`);
      break;
    }
    const offset = page * board.pageSize;
    const answer = await board.fetchPage(offset);
    digest.add(answer.bytes);
    if (page === 0) total = answer.total;
    const fresh = answer.items.filter((item) => {
      const key = board.keyOf(item);
      if (key === null) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (answer.items.length > 0 && fresh.length === 0) {
      warnings.push(`page at offset ${offset} repeated earlier jobs; stopped (the board wraps past its cap)`);
      break;
    }
    const parsed = board.parse(fresh);
    parts.push(parsed);
    count += parsed.listings.length;
    if (answer.items.length < board.pageSize) break;
    if (total !== null && total > 0 && offset + board.pageSize >= total) break;
    if (count >= maxJobs) break;
  }
  const merged = mergeParsed(parts);
  return {
    parsed: { ...merged, warnings: [...merged.warnings, ...warnings] },
    contentHash: digest.hex(),
  };
}

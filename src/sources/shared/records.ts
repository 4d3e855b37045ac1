import type { z } from 'zod';
import { SourceError } from '../../errors.js';
import { issueLine } from '../../infra/zod-issues.js';
import type { JobListing, SourceKind } from '../types.js';

/** Which board a payload came from: enough to name it in ids and in errors. */
export interface BoardRef {
  kind: SourceKind;
  /** The company's name as configured. */
  company: string;
  /** The board's own name (greenhouse token, lever site, `tenant/site`...). */
  board: string;
  /** The API URL the payload came from, for error messages. */
  url: string;
}

/** What a kind's parse step produces from one payload. */
export interface ParsedBoard {
  listings: JobListing[];
  /** Records that failed the schema and were dropped. */
  skipped: number;
  warnings: string[];
}

const describeIssue = (issue: z.core.$ZodIssue): string => issueLine(issue);

/**
 * Validates a payload's envelope (the part around the records). A wrong envelope means the board
 * answered something else entirely (a login wall, a changed API): the whole board fails.
 */
export function parseEnvelope<T>(schema: z.ZodType<T>, payload: unknown, ref: BoardRef): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new SourceError(
    ref.company,
    ref.url,
    `unexpected ${ref.kind} payload (${first ? describeIssue(first) : 'invalid'}); the API may have changed or the URL is not a ${ref.kind} board`,
    { cause: result.error },
  );
}

/**
 * Validates records one by one: a bad record is dropped and counted, never fatal. `toListing`
 * returns null for a valid record the board does not list publicly (not counted as skipped).
 */
export function parseRecords<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
  toListing: (record: T) => JobListing | null,
  label: string,
): ParsedBoard {
  const listings: JobListing[] = [];
  let skipped = 0;
  let firstProblem: string | null = null;
  for (const [index, item] of items.entries()) {
    const result = schema.safeParse(item);
    if (!result.success) {
      skipped++;
      const issue = result.error.issues[0];
      firstProblem ??= `${label}[${index}]${issue ? `.${describeIssue(issue)}` : ''}`;
      continue;
    }
    const listing = toListing(result.data);
    if (listing) listings.push(listing);
  }
  const warnings =
    skipped > 0 ? [`skipped ${skipped} malformed ${label} record(s); first: ${firstProblem}`] : [];
  return { listings, skipped, warnings };
}

/** Joins the parse results of several pages of one board. */
export function mergeParsed(parts: readonly ParsedBoard[]): ParsedBoard {
  return {
    listings: parts.flatMap((p) => p.listings),
    skipped: parts.reduce((n, p) => n + p.skipped, 0),
    warnings: parts.flatMap((p) => p.warnings),
  };
}

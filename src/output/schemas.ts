import { z } from 'zod';
import { SourceKind } from '../config/schema.js';
import type { GenerationResult as GenerationResultType } from '../generate/types.js';
import { issueLines } from '../infra/zod-issues.js';
import type { Score as ScoreType } from '../match/types.js';
import type {
  BoardValidators as BoardValidatorsType,
  JobListing as JobListingType,
} from '../sources/types.js';
import type { ApplicationRecord as ApplicationRecordType, RunSummary as RunSummaryType } from './types.js';

/**
 * Schemas for what this module reads back from disk (job.json, summary.json, the state file).
 * Those files outlive the code that wrote them and can be edited by hand, so nothing is trusted.
 * Each is typed against its interface, so a change to the interface that the schema misses fails
 * the typecheck.
 */

const nullableString = z.string().nullable();

export const JobText = z.strictObject({
  format: z.enum(['html', 'markdown', 'text']),
  content: z.string(),
});

export const JobListing: z.ZodType<JobListingType> = z.object({
  id: z.string().min(1),
  kind: SourceKind,
  board: z.string(),
  jobId: z.string(),
  company: z.string(),
  title: z.string(),
  locations: z.array(z.string()),
  remote: z.boolean().nullable(),
  department: nullableString,
  employmentType: nullableString,
  url: z.string(),
  postedAt: nullableString,
  updatedAt: nullableString,
  requisitionId: nullableString,
  description: JobText.nullable(),
});

export const BoardValidators: z.ZodType<BoardValidatorsType> = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  contentHash: z.string().optional(),
});

export const Score: z.ZodType<ScoreType> = z.object({
  total: z.number(),
  reasons: z.array(
    z.object({
      kind: z.enum(['role', 'keyword', 'location', 'remote', 'penalty', 'exclude', 'description']),
      detail: z.string(),
      points: z.number(),
    }),
  ),
  matchedRole: nullableString,
  matchedKeywords: z.array(z.string()),
  excluded: z.boolean(),
});

const Generation: z.ZodType<Omit<GenerationResultType, 'resume' | 'coverLetter'>> = z.object({
  generator: z.enum(['openai', 'offline']),
  model: nullableString,
  fallbackReason: nullableString,
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), costUsd: z.number() }),
  factGuard: z.object({
    passed: z.boolean(),
    violations: z.array(z.string()),
    rejectedAttempts: z.number(),
    rejectedViolations: z.array(z.string()),
  }),
  cached: z.boolean(),
  promptVersion: z.string(),
});

export const ApplicationRecord: z.ZodType<ApplicationRecordType> = z.object({
  id: z.string().min(1),
  company: z.string(),
  title: z.string(),
  url: z.string(),
  kind: SourceKind,
  listing: JobListing,
  duplicates: z.array(z.object({ id: z.string(), url: z.string(), locations: z.array(z.string()) })),
  score: Score,
  finalScore: Score.nullable(),
  description: z
    .object({
      source: z.enum(['listing', 'board-api', 'jsonld', 'page', 'cache']),
      url: nullableString,
      chars: z.number(),
    })
    .nullable(),
  fetchError: nullableString,
  generation: Generation.nullable(),
  status: z.enum(['done', 'failed']),
  error: nullableString,
  files: z.array(z.string()),
  runId: z.string(),
  createdAt: z.string(),
});

const StageName = z.enum(['scrape', 'match', 'fetch', 'generate', 'output']);

export const RunSummary: z.ZodType<RunSummaryType> = z.object({
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  configFile: z.string(),
  dryRun: z.boolean(),
  cancelled: z.boolean(),
  companies: z.array(
    z.object({
      name: z.string(),
      kind: SourceKind.nullable(),
      listings: z.number(),
      selected: z.number(),
      done: z.number(),
      unchanged: z.boolean(),
      error: nullableString,
      warnings: z.array(z.string()),
    }),
  ),
  stages: z.array(
    z.object({ name: StageName, in: z.number(), out: z.number(), failed: z.number(), ms: z.number() }),
  ),
  listings: z.number(),
  selected: z.number(),
  generated: z.number(),
  failures: z.array(
    z.object({
      company: z.string(),
      job: nullableString,
      stage: z.string(),
      reason: z.string(),
      code: z.string().optional(),
    }),
  ),
  closed: z.array(z.object({ id: z.string(), company: z.string(), title: z.string() })),
  warnings: z.array(z.string()),
  tokens: z.object({ prompt: z.number(), completion: z.number() }),
  costUsd: z.number(),
  applications: z.array(
    z.object({
      id: z.string(),
      company: z.string(),
      title: z.string(),
      score: z.number(),
      folder: z.string(),
    }),
  ),
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(130)]),
  shards: z.array(z.string()).optional(),
});

/** One line per problem, `path: message`, for error messages that name the field. */
export function formatIssues(error: z.ZodError, max = 5): string {
  return issueLines(error.issues, { max }).join('; ');
}

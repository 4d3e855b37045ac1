import { getEventListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServices } from '../../src/app/create-services.js';
import { createRunEvents, type RunEvent } from '../../src/app/events.js';
import type { Services } from '../../src/app/services.js';
import { ParsePool } from '../../src/batch/parse-pool.js';
import { gatherResumes } from '../../src/batch/resume-set.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { BrowserConfig, HttpConfig, LlmConfig } from '../../src/config/schema.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { DirStore } from '../../src/infra/storage/dir-store.js';
import { MemoryStore } from '../../src/infra/storage/memory-store.js';
import { createScreenKind } from '../../src/screen/kind.js';
import type { ScreenInput, ScreenOptions } from '../../src/screen/types.js';

export const FIXTURES = path.join(import.meta.dirname, '../profile/fixtures');

export const GO_JOB = `# Senior Go Engineer

Initech is hiring.

## Requirements
- 5+ years of Go in production
- PostgreSQL and Kubernetes
- Bachelor's degree in Computer Science
- Fluent English

## Nice to have
- Rust, Terraform

## About us
We also use Python.
`;

export const RULES: ScreenOptions = { llm: false, blind: false, reveal: false, top: null, minScore: 0 };

/**
 * One screening through runBatch, as the CLI runs it: the job and the resumes in a MemoryStore,
 * results in a temporary DirStore, the real parse pool, Services from the existing pieces, and a
 * model pointed at `llmBaseUrl` (the local OpenAI-compatible server) when given.
 */
export async function screen(options: {
  job?: string;
  resumes: string;
  screen?: Partial<ScreenOptions>;
  criteria?: ScreenInput['criteria'];
  llmBaseUrl?: string;
  cacheDir?: string;
  concurrency?: number;
  /** A pool shared by a test file's screenings (its threads start once); default: one per call. */
  parser?: ParsePool;
}) {
  const out = await mkdtemp(path.join(tmpdir(), 'jm-screen-'));
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const services: Services = createServices(
    {
      http: HttpConfig.parse({}),
      browser: BrowserConfig.parse({}),
      llm: LlmConfig.parse(
        options.llmBaseUrl
          ? { base_url: options.llmBaseUrl, max_retries: 2, concurrency: 4 }
          : { provider: 'offline' },
      ),
    },
    options.llmBaseUrl ? { OPENAI_API_KEY: 'sk-local' } : {},
    { logger },
  );
  const parser = options.parser ?? new ParsePool({ threads: 2 });
  const inputs = new MemoryStore();
  await inputs.write('job/job.md', options.job ?? GO_JOB);
  const gathered = await gatherResumes(options.resumes, inputs);
  const events = createRunEvents();
  const seen: RunEvent[] = [];
  events.on((e) => seen.push(e));
  const kind = createScreenKind({
    parser,
    modelCache: options.cacheDir ? new DirStore(options.cacheDir) : null,
  });
  try {
    const batch = await runBatch(
      kind,
      {
        job: { file: 'job/job.md' },
        criteria: options.criteria ?? null,
        gathered,
        options: { ...RULES, ...options.screen },
        asOf: '2026-12-01T00:00:00.000Z',
      },
      { services, inputs, files: new DirStore(out) },
      { runId: 'test', signal: abort.signal, logger, events },
      { concurrency: options.concurrency ?? 4, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } },
    );
    // What still listens on the run's signal once it is over (a model call that left its listener).
    const signalListeners = getEventListeners(abort.signal, 'abort').length;
    return {
      ...batch,
      out,
      events: seen,
      logger,
      signalListeners,
      cleanup: () => rm(out, { recursive: true, force: true }),
    };
  } finally {
    if (!options.parser) await parser.close();
    await services.close();
  }
}

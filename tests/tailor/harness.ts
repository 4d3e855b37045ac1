import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateJobs } from '../../sim/data.js';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { createRng } from '../../sim/rng.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard } from '../../sim/types.js';
import type { RunContext } from '../../src/app/context.js';
import { createServices } from '../../src/app/create-services.js';
import { createRunEvents, type RunEvent } from '../../src/app/events.js';
import type { Services } from '../../src/app/services.js';
import type { TaskDeps } from '../../src/app/task.js';
import { ParsePool } from '../../src/batch/parse-pool.js';
import { BrowserConfig, HttpConfig, LlmConfig } from '../../src/config/schema.js';
import { FixedClock } from '../../src/infra/clock.js';
import { MemoryLogger } from '../../src/infra/logger.js';
import { DirStore } from '../../src/infra/storage/dir-store.js';
import type { Profile } from '../../src/profile/index.js';
import { profileFromReading, readResume } from '../../src/profile/index.js';
import { createTailorKind, type TailorKind } from '../../src/tailor/kind.js';
import { simSources } from '../sources/harness.js';

/**
 * Real peers for the tailor tests: the local OpenAI-compatible server as the model, the career-site
 * simulator serving the customer's About page, the project's resume fixtures copied into a task's
 * input folder, DirStores for inputs, results and the research cache, a clock that moves on demand.
 */
export const FIXTURES = path.join(import.meta.dirname, '../profile/fixtures');
export const TEMPLATE = path.join(import.meta.dirname, '../../templates/resume-template.docx');

export const ACME_ABOUT =
  'Acme runs the payment rails for ten thousand small online shops across Europe. We are 120 people in Berlin and Lisbon.';

export const JOB_MD = [
  '# Senior Backend Engineer at Acme',
  '',
  '## About Acme',
  'Acme builds payment infrastructure for small online shops.',
  '',
  '## The role',
  'Build our payments API in TypeScript and Node.js on PostgreSQL and AWS; design systems that stay up.',
  '',
  '## Requirements',
  '- TypeScript, Node.js, PostgreSQL',
  '- React for the merchant dashboard is a plus',
].join('\n');

export const ACME_BOARD: SimBoard = {
  kind: 'html',
  slug: 'acme',
  companyName: 'Acme',
  about: ACME_ABOUT,
  jobs: [],
};

export const ACME_GREENHOUSE_ABOUT =
  'Acme on Greenhouse: we move money for independent shops, and we are hiring across engineering.';

/** The same customer's board on Greenhouse, for a job given by its posting URL. */
export const ACME_GREENHOUSE: SimBoard = {
  kind: 'greenhouse',
  slug: 'acme-gh',
  companyName: 'Acme',
  about: ACME_GREENHOUSE_ABOUT,
  jobs: generateJobs(createRng(7), 'Acme', 3, 5000),
};

export interface TailorHarness {
  sim: Simulator;
  llm: LlmServer;
  services: Services;
  logger: MemoryLogger;
  clock: FixedClock;
  kind: TailorKind;
  root: string;
  inputs: DirStore;
  researchCache: DirStore;
  /** The company page's URL at the simulator. */
  companyUrl: string;
  /** Requests the simulator answered for the About page. */
  researchRequests(): number;
  /** Copies fixtures into the inputs under resumes/. */
  addResumes(...names: string[]): Promise<void>;
  addInput(name: string, data: string | Uint8Array): Promise<void>;
  /** A fresh task: its own results folder and run context. */
  task(runId: string): { deps: TaskDeps; ctx: RunContext; events: RunEvent[]; files: DirStore };
  close(): Promise<void>;
}

export async function tailorHarness(options: { script?: Parameters<typeof startLlmServer>[0] } = {}) {
  const sim = await startSimulator({
    boards: [structuredClone(ACME_BOARD), structuredClone(ACME_GREENHOUSE)],
  });
  const llm = await startLlmServer(options.script ?? {});
  const root = await mkdtemp(path.join(tmpdir(), 'jm-tailor-'));
  const logger = new MemoryLogger();
  const abort = new AbortController();
  const clock = new FixedClock(new Date('2026-12-01T09:00:00Z'));
  const llmConfig = LlmConfig.parse({
    model: 'sim-model',
    base_url: llm.baseUrl,
    max_retries: 2,
    timeout_ms: 10_000,
  });
  // The composition root the CLI and the server use, pointed at the local model server.
  const services = createServices(
    { llm: llmConfig, http: HttpConfig.parse({ timeout_ms: 5_000 }), browser: BrowserConfig.parse({}) },
    { OPENAI_API_KEY: 'sk-test-local-server-key' },
    { logger, clock },
  );
  const inputs = new DirStore(path.join(root, 'in'));
  const researchCache = new DirStore(path.join(root, 'cache'));
  const parser = new ParsePool({ threads: 1 });
  const kind = createTailorKind({
    llm: llmConfig,
    cacheDir: path.join(root, 'cache'),
    researchCache,
    parser,
    sources: simSources(sim.origin),
  });
  const harness: TailorHarness = {
    sim,
    llm,
    services,
    logger,
    clock,
    kind,
    root,
    inputs,
    researchCache,
    companyUrl: `${sim.origin}/careers/acme/about`,
    researchRequests: () => sim.requests.filter((r) => r.path.startsWith('/careers/acme/about')).length,
    async addResumes(...names) {
      await mkdir(path.join(root, 'in', 'resumes'), { recursive: true });
      for (const name of names)
        await copyFile(path.join(FIXTURES, name), path.join(root, 'in', 'resumes', name));
    },
    async addInput(name, data) {
      await mkdir(path.dirname(path.join(root, 'in', name)), { recursive: true });
      await writeFile(path.join(root, 'in', name), data);
    },
    task(runId) {
      const events: RunEvent[] = [];
      const runEvents = createRunEvents();
      runEvents.on((e) => events.push(e));
      const files = new DirStore(path.join(root, 'out', runId));
      return {
        deps: { services, inputs, files },
        ctx: { runId, signal: abort.signal, logger, events: runEvents },
        events,
        files,
      };
    },
    async close() {
      abort.abort();
      await parser.close();
      await services.close();
      await llm.close();
      await sim.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A resume's bytes read as the tailoring reads them (the same reader, the same Profile). */
export async function readProfile(file: string, bytes: Buffer): Promise<Profile> {
  return profileFromReading(file, await readResume(file, bytes), { roles: [], keywords: [] });
}

import path from 'node:path';
import type { RunContext } from '../app/context.js';
import { nestedRunEvents } from '../app/events.js';
import { startMatchRun } from '../app/match-run.js';
import type { TaskDeps, TaskKind } from '../app/task.js';
import { loadConfig } from '../config/load.js';
import type { BrowserConfig, Config, HttpConfig, LlmConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { pickCandidates } from './companies.js';
import { type TaskFolders, taskFolders } from './task-folders.js';

/** A match run as the service asks for it: plain JSON, the config among the task's inputs or the server's. */
export interface MatchRunRequest {
  /** `{ file }`: an uploaded config, rewritten at submit, in the task's inputs; `configured`: the server's match config. */
  config: { file: string } | { configured: true };
  /** Only these candidates (ids); empty: all of the config's. */
  candidates: string[];
  /** The user: their candidates' handled jobs and marks are theirs alone. */
  owner: string;
  /** Redo jobs handled in earlier runs (declined ones stay out). */
  force?: boolean;
  /** Job ids each candidate's user marked not interested when the task was submitted (the API's marks). */
  declined?: Record<string, string[]>;
}

export interface MatchPlan {
  request: MatchRunRequest;
}

export interface MatchItemInput {
  candidate: string;
}

/** One candidate's run: its folder in the task's files and its applications, best first. */
export interface MatchedCandidate {
  candidate: string;
  runId: string;
  selected: number;
  generated: number;
  failed: number;
  applications: { id: string; company: string; title: string; score: number; folder: string }[];
}

export interface MatchTaskSummary {
  kind: 'match';
  candidates: MatchedCandidate[];
}

export interface MatchKindOptions {
  /** The server's match config (`serve.match_config`), for configured candidates. */
  configuredFile: string | null;
  /** Where each user's candidates keep their handled jobs and boards, across tasks. */
  stateDir(owner: string): string;
  cacheDir: string;
  /** The server's own model, HTTP and browser settings: an uploaded config cannot choose them. */
  llm: LlmConfig;
  http: HttpConfig;
  browser: BrowserConfig;
  /** Job ids a user's candidate marked not interested. */
  declined(owner: string, candidate: string): string[];
}

/**
 * The options as a process builds them from its service config: every user's state in a folder
 * under `stateRoot` named by the user's name in hex (a name like ".." is no folder name to trust).
 */
export function matchKindOptions(
  config: {
    serve: { match_config?: string | undefined };
    llm: LlmConfig;
    http: HttpConfig;
    browser: BrowserConfig;
  },
  dirs: { stateRoot: string; cacheDir: string },
  declined: MatchKindOptions['declined'],
): MatchKindOptions {
  return {
    configuredFile: config.serve.match_config ?? null,
    stateDir: (owner) => path.join(dirs.stateRoot, Buffer.from(owner).toString('hex')),
    cacheDir: dirs.cacheDir,
    llm: config.llm,
    http: config.http,
    browser: config.browser,
    declined,
  };
}

export type MatchKind = TaskKind<
  MatchRunRequest,
  MatchPlan,
  MatchItemInput,
  MatchedCandidate,
  MatchTaskSummary
>;

/**
 * `match` as a task: one item per candidate, each a whole match run (the CLI's startMatchRun) for
 * that candidate, writing into the task's files. A candidate's item run again after a restart
 * continues its killed run in the same folder (startMatchRun finds it), so no application is
 * written twice. Handled jobs persist per user and candidate, so a later task does only new jobs.
 */
export function createMatchKind(options: MatchKindOptions): MatchKind {
  const load = async (request: MatchRunRequest, folders: TaskFolders): Promise<Config> => {
    const file =
      'file' in request.config ? path.join(folders.inputsDir, request.config.file) : options.configuredFile;
    if (!file) throw new UsageError('this server has no serve.match_config: upload a config and a resume');
    const loaded = await loadConfig(file);
    const output_dir = folders.filesDir;
    const stateDir = options.stateDir(request.owner);
    return {
      ...loaded,
      output_dir,
      state_file: path.join(stateDir, 'state.json'),
      cache_dir: options.cacheDir,
      llm: options.llm,
      http: options.http,
      browser: options.browser,
      candidates: loaded.candidates.map((c) => ({ ...c, llm: options.llm })),
    };
  };

  return {
    kind: 'match',

    async prepare(request, deps) {
      const folders = await taskFolders(deps);
      const config = await load(request, folders).finally(() => folders.close());
      const items = pickCandidates(config.candidates, request.candidates).map((c) => ({
        id: c.id,
        label: c.id,
        input: { candidate: c.id },
      }));
      return { plan: { request }, items };
    },

    async runItem(plan, item, deps, ctx) {
      const folders = await taskFolders(deps);
      try {
        return await runCandidate(plan, item, folders, deps, ctx);
      } finally {
        await folders.close();
      }
    },

    async finish(_plan, outcomes) {
      return {
        kind: 'match',
        candidates: outcomes.flatMap((o) => (o.ok ? [o.value] : [])),
      };
    },
  };

  async function runCandidate(
    plan: MatchPlan,
    item: { label: string; input: MatchItemInput },
    folders: TaskFolders,
    deps: TaskDeps,
    ctx: RunContext,
  ): Promise<MatchedCandidate> {
    const config = await load(plan.request, folders);
    const { owner, declined: submitted } = plan.request;
    const candidate = item.input.candidate;
    const declined = new Set([...options.declined(owner, candidate), ...(submitted?.[candidate] ?? [])]);
    const result = await startMatchRun(
      config,
      {
        dryRun: false,
        force: plan.request.force === true,
        companies: [],
        candidates: [item.input.candidate],
        pdf: false,
        declined: (candidate, jobId) => candidate === item.input.candidate && declined.has(jobId),
      },
      deps.services,
      {
        signal: ctx.signal,
        logger: ctx.logger,
        // The pipeline's stages in the task's events (and so its progress), as `<candidate>/<stage>`.
        events: nestedRunEvents(ctx.events, `${candidate}/`, () => deps.services.clock.now()),
      },
    );
    const outcome = result.outcomes[0];
    if (!outcome?.summary) throw new UsageError(`${item.label}: ${outcome?.skipped ?? 'no summary written'}`);
    const summary = outcome.summary;
    await folders.upload();
    const prefix = path.relative(config.output_dir, outcome.dir);
    return {
      candidate: item.input.candidate,
      runId: result.runId,
      selected: summary.selected,
      generated: summary.generated,
      failed: summary.failures.length,
      applications: summary.applications.map((a) => ({
        ...a,
        folder: path.posix.join(...prefix.split(path.sep), a.folder),
      })),
    };
  }
}

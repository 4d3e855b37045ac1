import { type RunContext, stageDeps } from '../app/context.js';
import type { Services } from '../app/services.js';
import type { TaskDeps, TaskKind } from '../app/task.js';
import type { ResumeParser } from '../batch/parse-pool.js';
import type { LlmConfig, SourcesConfig } from '../config/schema.js';
import { TemplateError, UsageError } from '../errors.js';
import { createGenerator, type Generator } from '../generate/generator.js';
import type { FileStore } from '../infra/storage/types.js';
import { resumeItems, tailorJob } from './inputs.js';
import { tailorOne } from './item.js';
import { buildSummary, writeReport } from './report.js';
import { researchCustomer } from './research.js';
import { checkTemplate } from './template.js';
import {
  type TailoredPerson,
  type TailorItemInput,
  type TailorPlan,
  TailorRequest,
  type TailorSummary,
} from './types.js';

export interface TailorKindOptions {
  llm: LlmConfig;
  /** The generation cache, as `match` keeps it (cache_dir/generations). */
  cacheDir: string;
  /** Researched customers, kept between tasks. */
  researchCache: FileStore;
  researchTtlMs?: number;
  /** Reads the resumes (the batch parse pool); whoever made it closes it. */
  parser: ResumeParser;
  /** Per-kind source options (api_base) for a job given by its board URL. */
  sources?: SourcesConfig;
}

export type TailorKind = TaskKind<TailorRequest, TailorPlan, TailorItemInput, TailoredPerson, TailorSummary>;

/**
 * `tailor`: one customer's job, many people's resumes. prepare reads the job, checks the template
 * and researches the customer once; each resume is then extracted, tailored (fact guard) and
 * applied on its own; finish writes the summary and the review page.
 */
export function createTailorKind(options: TailorKindOptions): TailorKind {
  // One generator per task in this process: its budget and cache counts are the task's.
  const generators = new Map<string, Generator>();
  const generatorFor = (services: Services, ctx: RunContext): Generator => {
    let generator = generators.get(ctx.runId);
    if (!generator) {
      generator = createGenerator({ llm: options.llm, cacheDir: options.cacheDir }, stageDeps(services, ctx));
      generators.set(ctx.runId, generator);
    }
    return generator;
  };

  return {
    kind: 'tailor',

    async prepare(input, deps: TaskDeps, ctx) {
      const parsed = TailorRequest.safeParse(input);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
        throw new UsageError(`the tailoring request is not valid: ${problems.join('; ')}`);
      }
      const request = parsed.data;
      // The template first: a broken one is refused before anything is fetched or read.
      if (request.template) {
        const bytes = await deps.inputs.read(request.template);
        if (!bytes) throw new TemplateError(request.template, ['template file not found']);
        checkTemplate(request.template, bytes);
      }
      const job = await tailorJob(request, deps, ctx, options.sources);
      const research = await researchCustomer(
        { company: job.company, jobText: job.text, jobUrl: job.url, companyUrl: request.companyUrl },
        deps.services,
        ctx,
        {
          cache: options.researchCache,
          ttlMs: request.force ? 0 : options.researchTtlMs,
          ...(options.sources ? { sources: options.sources } : {}),
        },
      );
      const { items, skipped } = await resumeItems(deps);
      for (const s of skipped) ctx.logger.warn('tailor', `${s.label}: skipped, ${s.reason}`);
      const plan: TailorPlan = {
        taskId: ctx.runId,
        createdAt: deps.services.clock.now().toISOString(),
        job,
        research,
        template: request.template,
        pdf: request.fileType === 'pdf' || (request.fileType === null && request.pdf),
        fileType: request.fileType,
        force: request.force,
        skipped,
      };
      return { plan, items, skipped };
    },

    runItem(plan, item, deps, ctx) {
      return tailorOne(plan, item, deps, ctx, {
        generator: generatorFor(deps.services, ctx),
        parser: options.parser,
      });
    },

    async finish(plan, outcomes, deps, ctx) {
      const usage = generators.get(ctx.runId)?.usage() ?? null;
      generators.delete(ctx.runId);
      const summary = buildSummary(plan, outcomes, usage, deps.services.clock.now());
      await writeReport(deps.files, summary);
      return summary;
    },
  };
}

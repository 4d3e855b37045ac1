import path from 'node:path';
import type { TaskKind } from '../app/task.js';
import { readJob } from '../batch/job-input.js';
import type { ResumeParser } from '../batch/parse-pool.js';
import { ReadAhead } from '../batch/read-ahead.js';
import { planResumes, resumeId } from '../batch/resume-set.js';
import type { FileStore } from '../infra/storage/types.js';
import type { ResumeReading } from '../profile/index.js';
import { summarise } from './evaluate.js';
import { applyVerdicts, askModel, modelCacheKey } from './llm-assess.js';
import { modelLines, redactText } from './privacy.js';
import { rankCandidates, writeReports } from './report.js';
import { extractRequirements } from './requirements.js';
import { assessModule, assessReading, assessStep } from './thread-assess.js';
import type { CandidateResult, ScreenInput, ScreenItemInput, ScreenPlan, ScreenSummary } from './types.js';

export const SCREEN_KIND = 'screen';

export interface ScreenKindOptions {
  /** Reads resumes (PDF and DOCX in worker threads); its creator closes it. */
  parser: ResumeParser;
  /** Where model answers are kept across runs; null: no cache. */
  modelCache: FileStore | null;
}

/**
 * Screening as a TaskKind: prepare reads the job and its requirements (or the edited ones) and
 * plans one item per distinct resume; runItem reads, assesses and (with the model) checks one
 * resume and writes its JSON; finish ranks and writes the reports. The CLI runs it through
 * runBatch, the service through its queue.
 */
export function createScreenKind(
  options: ScreenKindOptions,
): TaskKind<ScreenInput, ScreenPlan, ScreenItemInput, CandidateResult, ScreenSummary> {
  // Per task (one kind serves many tasks in the service), keyed by the task's inputs; a few files
  // beyond the pool's slots are enough to keep the parse threads ahead of the model.
  const readAheads = new WeakMap<FileStore, ReadAhead<Assessed>>();
  const readAheadOf = (inputs: FileStore, plan: ScreenPlan): ReadAhead<Assessed> => {
    let found = readAheads.get(inputs);
    if (!found) {
      found = new ReadAhead({ parse: (file, bytes) => readAndAssess(options.parser, plan, file, bytes) }, 8);
      readAheads.set(inputs, found);
    }
    return found;
  };
  return {
    kind: SCREEN_KIND,

    async prepare(input, deps, ctx) {
      // What the first items need, started before the job is read: the parse threads with their
      // readers and the assessment step (a cold thread met pdf.js's worker side or mammoth at its
      // first file of each, 0.3-0.5 s, while resumes queued behind it: bench (e)), and the model
      // client, whose SDK src/infra/llm.ts imports on first use (today create-services loads it
      // already; if that import turns lazy, the first calls still do not wait for it). A failed
      // load shows on the first call, which awaits the same promise.
      options.parser.warm?.([assessModule()]);
      if (input.options.llm) deps.services.llm?.openai().catch(() => {});
      const job = await readJob(input.job, deps.inputs, deps.services, ctx, input.sources);
      const requirements = input.criteria ?? extractRequirements(job);
      await deps.files.write('requirements.json', `${JSON.stringify(requirements, null, 2)}\n`);
      const { resumes, skipped } = await planResumes(deps.inputs);
      const { text: _text, ...jobFields } = job;
      const plan: ScreenPlan = {
        job: jobFields,
        requirements,
        asOf: input.asOf ?? deps.services.clock.now().toISOString(),
        options: input.options,
        skipped: [...input.gathered, ...skipped],
      };
      ctx.logger.info(
        SCREEN_KIND,
        `${requirements.criteria.length} criteria; ${resumes.length} resumes to screen, ${plan.skipped.length} passed over`,
      );
      readAheadOf(deps.inputs, plan).plan(resumes.map((r) => ({ name: r.name, file: r.file })));
      return {
        plan,
        items: resumes.map((r) => ({
          id: resumeId(r),
          label: r.file,
          input: { name: r.name, file: r.file, sha256: r.sha256, duplicates: r.duplicates },
        })),
        skipped: plan.skipped.map((s) => ({ id: s.file, label: s.file, reason: s.reason })),
      };
    },

    async runItem(plan, item, deps, ctx) {
      const bytes = await deps.inputs.read(item.input.name);
      if (!bytes) throw new Error(`${item.input.file}: no longer in the task's inputs`);
      const {
        reading,
        doc,
        assessment: rules,
      } = await readAheadOf(deps.inputs, plan).read(item.input, (name) => deps.inputs.read(name));
      const redact = { blind: plan.options.blind, name: reading.content.name };
      const shown = (text: string): string =>
        plan.options.blind && !plan.options.reveal ? redactText(text, redact) : text;
      let assessment = rules;
      let model: CandidateResult['model'] = null;
      const hidden = plan.options.blind && !plan.options.reveal;
      const resumeFile = `resumes/${item.id}${path.extname(item.input.file).toLowerCase()}`;
      // The copy of the resume is written while the model reads it: done after the reply, its file
      // operations held the item (and so a model slot) some 20-100 ms longer under load.
      const copied = deps.files.writeOnce(resumeFile, bytes);
      copied.catch(() => {});
      const llm = deps.services.llm;
      if (plan.options.llm && llm) {
        // A failed model call ends the item only once the copy has settled: no write outlives it.
        const reading = await askModel(
          {
            resumeText: modelLines(doc, redact),
            requirements: plan.requirements,
            cacheKey: modelCacheKey({
              resume: item.input.sha256,
              requirements: plan.requirements,
              model: llm.model,
              blind: plan.options.blind,
            }),
          },
          deps.services,
          ctx,
          options.modelCache,
        ).catch(async (error: unknown) => {
          await copied.catch(() => {});
          throw error;
        });
        const applied = applyVerdicts(assessment.criteria, reading.verdicts, doc, (text) =>
          redactText(text, redact),
        );
        assessment = summarise(applied.results, assessment.totalYears);
        model = { used: true, cached: reading.cached, discardedQuotes: applied.discarded };
      }
      assessment = {
        ...assessment,
        criteria: assessment.criteria.map((c) => ({
          ...c,
          evidence: c.evidence.map((e) => ({ ...e, text: shown(e.text) })),
        })),
      };
      await copied;
      const result: CandidateResult = {
        id: item.id,
        file: item.input.file,
        name: hidden ? null : reading.content.name,
        contact: hidden
          ? null
          : {
              email: reading.content.contact.email,
              phone: reading.content.contact.phone,
              location: reading.content.contact.location,
            },
        format: reading.format,
        resumeFile,
        duplicates: item.input.duplicates,
        assessment,
        model,
      };
      await deps.files.write(`candidates/${item.id}.json`, `${JSON.stringify(result, null, 2)}\n`);
      return result;
    },

    async finish(plan, outcomes, deps) {
      // Reader errors start with the file name, which the list shows already.
      const reasonOf = (label: string, message: string): string =>
        message.startsWith(`${label}: `) ? message.slice(label.length + 2) : message;
      const failed = outcomes.flatMap((o) =>
        o.ok ? [] : [{ file: o.label, reason: reasonOf(o.label, o.error.message) }],
      );
      const screened = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
      const summary: ScreenSummary = {
        job: plan.job,
        requirements: plan.requirements,
        ranked: rankCandidates(screened, plan.options),
        notScreened: [...plan.skipped, ...failed],
        discardedQuotes: screened.reduce((sum, c) => sum + (c.model?.discardedQuotes ?? 0), 0),
        options: plan.options,
      };
      await writeReports(summary, deps.files);
      return summary;
    },
  };
}

type Assessed = ReturnType<typeof assessReading> & { reading: ResumeReading };

/** Read and assessed in a parse thread when the parser can: the request thread stays free. */
function readAndAssess(
  parser: ResumeParser,
  plan: ScreenPlan,
  file: string,
  bytes: Uint8Array,
): Promise<Assessed> {
  if (parser.parseThen) {
    return parser
      .parseThen<ReturnType<typeof assessReading>>(file, bytes, assessStep(plan.requirements, plan.asOf))
      .then(({ reading, value }) => ({ reading, ...value }));
  }
  return parser.parse(file, bytes).then((reading) => ({ reading, ...assessReading(reading, plan) }));
}

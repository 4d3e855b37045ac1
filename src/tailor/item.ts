import type { RunContext } from '../app/context.js';
import type { Services } from '../app/services.js';
import type { TaskDeps, TaskItem } from '../app/task.js';
import type { ResumeParser } from '../batch/parse-pool.js';
import { OutputError, ProfileError, TemplateError } from '../errors.js';
import type { Generator } from '../generate/generator.js';
import { renderApplicationFiles } from '../generate/render/index.js';
import type { GenerationResult } from '../generate/types.js';
import { profileFromReading } from '../profile/index.js';
import { describeChanges } from './changes.js';
import { jobForGenerator } from './job.js';
import { toJsonResume } from './json-resume.js';
import { renderTemplate, templateData } from './template.js';
import type { TailoredPerson, TailorItemInput, TailorPlan } from './types.js';

/** The files of each step, so a user can stop after any and go on by hand. */
export const PROFILE_FILE = 'profile.json';
export const TAILORED_FILE = 'tailored.json';

/** Writes below the person's folder; once only unless the run was asked to redo (`--force`). */
function writer(deps: TaskDeps, plan: TailorPlan, folder: string) {
  const written: string[] = [];
  return {
    written,
    async write(name: string, data: Uint8Array | string): Promise<void> {
      const target = `${folder}/${name}`;
      if (plan.force) await deps.files.write(target, data);
      else await deps.files.writeOnce(target, data);
      written.push(name);
    },
  };
}

/** Step 1, extract: the resume read into the Profile (PDF and DOCX in the parse threads). */
async function extract(
  item: TaskItem<TailorItemInput>,
  deps: TaskDeps,
  ctx: RunContext,
  parser: ResumeParser,
) {
  const bytes = await deps.inputs.read(item.input.file);
  if (!bytes) throw new ProfileError(item.input.file, 'is not among the task inputs any more');
  const reading = await parser.parse(item.input.file, bytes);
  return profileFromReading(item.input.file, reading, { roles: [], keywords: [] }, { logger: ctx.logger });
}

/** Step 3, apply: Markdown, DOCX and PDF as `match` writes them; the user's template for resume.docx. */
async function apply(
  result: GenerationResult,
  plan: TailorPlan,
  deps: TaskDeps,
  services: Pick<Services, 'browser'>,
): Promise<{ files: { name: string; data: string | Uint8Array }[]; warnings: string[] }> {
  const rendered = await renderApplicationFiles(result, services, { pdf: plan.pdf });
  const files = [...rendered];
  if (plan.template) {
    const template = await deps.inputs.read(plan.template);
    if (!template) throw new TemplateError(plan.template, ['is not among the task inputs any more']);
    const docx = renderTemplate(plan.template, template, templateData(result.resume));
    const others = files.filter((f) => f.name !== 'resume.docx');
    files.splice(0, files.length, { name: 'resume.docx', data: docx }, ...others);
  }
  if (!plan.fileType) return { files, warnings: rendered.warnings };
  const wanted = files.filter((f) => f.name.endsWith(`.${plan.fileType}`));
  if (wanted.length === 0) {
    // Asked for PDFs only and none could be made: this person has no result.
    throw new OutputError(`resume.${plan.fileType}`, `not written: ${rendered.warnings.join('; ')}`);
  }
  return { files: wanted, warnings: rendered.warnings };
}

export async function tailorOne(
  plan: TailorPlan,
  item: TaskItem<TailorItemInput>,
  deps: TaskDeps,
  ctx: RunContext,
  tools: { generator: Generator; parser: ResumeParser },
): Promise<TailoredPerson> {
  const out = writer(deps, plan, item.input.folder);
  const profile = await extract(item, deps, ctx, tools.parser);
  await out.write(PROFILE_FILE, `${JSON.stringify(toJsonResume(profile), null, 2)}\n`);

  const result = await tools.generator.generate({
    profile,
    job: jobForGenerator(plan.job, plan.createdAt),
    companyAbout: plan.research.about,
  });
  const changes = describeChanges(profile, result.resume);
  const generation = {
    generator: result.generator,
    model: result.model,
    fallbackReason: result.fallbackReason,
    factGuard: {
      passed: result.factGuard.passed,
      violations: result.factGuard.violations,
      rejectedAttempts: result.factGuard.rejectedAttempts,
    },
  };
  const tailored = { resume: result.resume, coverLetter: result.coverLetter, ...generation, changes };
  await out.write(TAILORED_FILE, `${JSON.stringify(tailored, null, 2)}\n`);

  const { files, warnings } = await apply(result, plan, deps, deps.services);
  for (const file of files) await out.write(file.name, file.data);
  for (const warning of warnings) ctx.logger.warn('tailor', `${item.label}: ${warning}`);
  return {
    person: profile.name,
    folder: item.input.folder,
    source: item.label,
    files: out.written,
    ...generation,
    changes,
    warnings,
  };
}

import type { ItemOutcome } from '../app/task.js';
import type { GeneratorUsage } from '../generate/generator.js';
import type { FileStore } from '../infra/storage/types.js';
import { escapeHtml, htmlPage, relativeHref } from '../output/html.js';
import { REVIEW_PAGE } from '../output/review-page.js';
import { markdownTable, plural, SUMMARY_JSON, SUMMARY_MD } from '../output/summary.js';
import type { TailoredPerson, TailorPlan, TailorSummary } from './types.js';

/** The task's summary from the plan and every item's outcome. */
export function buildSummary(
  plan: TailorPlan,
  outcomes: ItemOutcome<TailoredPerson>[],
  usage: GeneratorUsage | null,
  finishedAt: Date,
): TailorSummary {
  const people = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  const failures = outcomes.flatMap((o) =>
    o.ok ? [] : [{ id: o.id, file: o.label, reason: o.error.message }],
  );
  const skipped = plan.skipped.map((s) => ({ id: s.id, file: s.label, reason: s.reason }));
  return {
    kind: 'tailor',
    taskId: plan.taskId,
    createdAt: plan.createdAt,
    finishedAt: finishedAt.toISOString(),
    job: { company: plan.job.company, title: plan.job.title, url: plan.job.url },
    research: {
      about: plan.research.about,
      sources: plan.research.sources,
      cached: plan.research.cached,
      warnings: plan.research.warnings,
    },
    template: plan.template,
    counts: {
      resumes: outcomes.length + skipped.length,
      tailored: people.length,
      failed: failures.length,
      skipped: skipped.length,
    },
    people: people.sort((a, b) => a.folder.localeCompare(b.folder)),
    failures,
    skipped,
    usage: {
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      costUsd: usage?.costUsd ?? 0,
      fallbacks: usage?.fallbacks ?? 0,
    },
  };
}

function headline(summary: TailorSummary): string {
  const { counts } = summary;
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `${counts.tailored} of ${plural(counts.resumes, 'resume')} tailored to ${summary.job.title} at ${summary.job.company}${failed}${skipped}`;
}

function researchLine(summary: TailorSummary): string {
  const from = summary.research.sources.map((s) => s.url ?? 'the job text').join(', ');
  if (!summary.research.about)
    return 'No company research found (no "About" in the job text, no readable company page).';
  return `Company research from ${from}${summary.research.cached ? ' (cached)' : ''}.`;
}

export function renderSummaryMarkdown(summary: TailorSummary): string {
  const out = [
    `# Tailoring ${summary.taskId}`,
    '',
    `${headline(summary)}.`,
    '',
    researchLine(summary),
    ...(summary.template ? ['', `Template: ${summary.template}`] : []),
    '',
  ];
  if (summary.people.length > 0) {
    const rows = summary.people.map((p) => [
      p.person,
      p.folder,
      p.generator + (p.fallbackReason ? ` (${p.fallbackReason})` : ''),
      p.factGuard.passed ? 'passed' : `failed: ${p.factGuard.violations.join('; ')}`,
      p.changes.join('; '),
    ]);
    out.push(
      '## People',
      '',
      markdownTable(['Person', 'Folder', 'Generator', 'Fact guard', 'Changes'], rows),
      '',
    );
  }
  if (summary.failures.length > 0)
    out.push(
      '## Failures',
      '',
      markdownTable(
        ['File', 'Reason'],
        summary.failures.map((f) => [f.file, f.reason]),
      ),
      '',
    );
  if (summary.skipped.length > 0)
    out.push(
      '## Skipped',
      '',
      markdownTable(
        ['File', 'Reason'],
        summary.skipped.map((s) => [s.file, s.reason]),
      ),
      '',
    );
  return `${out.join('\n').trimEnd()}\n`;
}

function personCard(person: TailoredPerson): string {
  const files = person.files
    .map((name) => `<a href="${relativeHref(person.folder, name)}">${escapeHtml(name)}</a>`)
    .join(' · ');
  const guard = person.factGuard.passed
    ? ''
    : ` · <span class="failed">fact guard failed: ${escapeHtml(person.factGuard.violations.join('; '))}</span>`;
  const fallback = person.fallbackReason ? ` (${escapeHtml(person.fallbackReason)})` : '';
  const changes = person.changes.map((c) => `<li>${escapeHtml(c)}</li>`).join('');
  const warnings = person.warnings.map((w) => `<li class="failed">${escapeHtml(w)}</li>`).join('');
  return `<article class="app">
<h2>${escapeHtml(person.person)}</h2>
<p class="meta">${escapeHtml(person.source)} · ${escapeHtml(person.generator)}${fallback}${guard}</p>
<p>What the tailoring changed:</p>
<ul class="reasons">${changes}${warnings}</ul>
<p class="files">${files}</p>
</article>`;
}

export function renderTailorPage(summary: TailorSummary): string {
  const problems = [
    ...summary.failures.map((f) => `${f.file}: ${f.reason}`),
    ...summary.skipped.map((s) => `${s.file}: skipped, ${s.reason}`),
    ...summary.research.warnings,
  ];
  const problemList = problems.length
    ? `<ul class="problems">${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '';
  const about = summary.research.about
    ? `<details><summary>Company research</summary><p class="plain">${escapeHtml(summary.research.about)}</p></details>`
    : '';
  return htmlPage({
    title: `job-matcher tailor ${summary.taskId}`,
    header: `<h1>${escapeHtml(summary.job.title)} at ${escapeHtml(summary.job.company)}</h1>
<p>${escapeHtml(headline(summary))}. <a href="${SUMMARY_MD}">${SUMMARY_MD}</a></p>
<p class="meta">${escapeHtml(researchLine(summary))}</p>
${about}${problemList}`,
    main: summary.people.length
      ? summary.people.map(personCard).join('\n')
      : '<p>No resume was tailored in this run.</p>',
  });
}

/** summary.md and the review page first, summary.json last: its presence means the task finished. */
export async function writeReport(files: FileStore, summary: TailorSummary): Promise<void> {
  await files.write(SUMMARY_MD, renderSummaryMarkdown(summary));
  await files.write(REVIEW_PAGE, renderTailorPage(summary));
  await files.write(SUMMARY_JSON, `${JSON.stringify(summary, null, 2)}\n`);
}

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import type { TailoringReport } from '../generate/types.js';
import { JOB_FILE } from './application.js';
import { escapeHtml, htmlPage, PAGE_SCRIPT, relativeHref, safeHref, sanitizeDescription } from './html.js';
import { applicationDirName, companySlug } from './paths.js';
import { writeTextAtomically } from './state-write.js';
import { plural, summaryProblems } from './summary.js';
import type { ApplicationRecord, RunSummary } from './types.js';

export const REVIEW_PAGE = 'index.html';

function scoreOf(record: ApplicationRecord): number {
  return Math.round((record.finalScore ?? record.score).total);
}

function points(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function renderDescription(record: ApplicationRecord): string {
  const text = record.listing.description;
  if (!text || text.content.trim() === '') return '';
  const body =
    text.format === 'html'
      ? `<div class="description">${sanitizeDescription(text.content)}</div>`
      : `<div class="plain">${escapeHtml(text.content)}</div>`;
  return `<details><summary>Description as listed</summary>${body}</details>`;
}

/** What a reviewer wants at a glance besides the place: work mode, employer, pay, deadline. */
function facts(record: ApplicationRecord): string[] {
  const l = record.listing;
  const mode = l.workplace === 'onsite' ? 'on-site' : l.workplace;
  return [
    mode,
    l.countries.length > 0 && !l.locations.some((x) => l.countries.some((c) => x.includes(c)))
      ? l.countries.join(', ')
      : null,
    l.employmentType,
    l.team ? `team: ${l.team}` : null,
    l.hiringOrganization && l.hiringOrganization !== record.company
      ? `employer: ${l.hiringOrganization}`
      : null,
    l.salary?.text ?? null,
    l.validThrough ? `apply by ${l.validThrough.slice(0, 10)}` : null,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
}

/** The letter as the recipient reads it; every piece is escaped text (it quotes job text). */
function letterHtml(letter: TailoringReport['coverLetter']): string {
  const paragraphs = [letter.greeting, ...letter.paragraphs].map((p) => `<p>${escapeHtml(p)}</p>`);
  return `${paragraphs.join('')}<p>${escapeHtml(letter.closing)}<br>${escapeHtml(letter.signature)}</p>`;
}

/** The tailored resume beside the original: skills moved, bullets chosen, reworded ones with their source. */
function tailoringHtml(t: TailoringReport): string {
  const skills = t.skills
    .map((s, i) => {
      const note = s.from === null ? ' (not in your list)' : s.from > i ? ` (up from ${s.from + 1})` : '';
      return `<li>${escapeHtml(s.name)}${note ? `<span class="change">${escapeHtml(note)}</span>` : ''}</li>`;
    })
    .join('');
  const roles = t.roles
    .map((role) => {
      const bullets = role.bullets
        .map((b) => {
          const reworded = b.original !== null && b.original !== b.text;
          const source = reworded
            ? `<div class="source">was: ${escapeHtml(b.original ?? '')}</div>`
            : b.original === null
              ? '<div class="source">cites no bullet of the original</div>'
              : '';
          return `<li>${escapeHtml(b.text)}${source}</li>`;
        })
        .join('');
      const left =
        role.leftOut > 0
          ? `<p class="change">${role.leftOut} bullet${role.leftOut === 1 ? '' : 's'} of the original left out</p>`
          : '';
      return `<h4>${escapeHtml(role.title)}, ${escapeHtml(role.employer)}</h4><ul>${bullets}</ul>${left}`;
    })
    .join('');
  return `<div class="resume"><p>${escapeHtml(t.summary)}</p><h4>Skills, in the order sent</h4><ol class="skills">${skills}</ol>${roles}</div>`;
}

function renderCard(
  record: ApplicationRecord,
  folder: string,
  fileNames: string[],
  coverLetter: string | undefined,
): string {
  const score = scoreOf(record);
  const href = safeHref(record.url);
  const title = escapeHtml(record.title);
  const heading = href ? `<a href="${href}" rel="noopener noreferrer" target="_blank">${title}</a>` : title;
  const reasons = (record.finalScore ?? record.score).reasons
    .map((r) => `<li>${escapeHtml(points(r.points))} ${escapeHtml(r.kind)}: ${escapeHtml(r.detail)}</li>`)
    .join('');
  const files = [...new Set([...fileNames, JOB_FILE])]
    .sort()
    .map((name) => `<a href="${relativeHref(folder, name)}">${escapeHtml(name)}</a>`)
    .join(' · ');
  const locations = [...record.listing.locations, ...facts(record)].map(escapeHtml).join(' · ');
  const status =
    record.status === 'failed'
      ? ` · <span class="failed">failed: ${escapeHtml(record.error ?? 'unknown')}</span>`
      : '';
  const generator = record.generation
    ? ` · ${escapeHtml(record.generation.generator)}${record.generation.factGuard.passed ? '' : ' · <span class="failed">fact guard failed</span>'}`
    : '';
  const tailoring = record.generation?.tailoring;
  const letter = tailoring
    ? `<details open><summary>Cover letter</summary><div class="letter">${letterHtml(tailoring.coverLetter)}</div></details>
<details><summary>Tailored resume: what changed</summary>${tailoringHtml(tailoring)}</details>`
    : coverLetter !== undefined
      ? `<details open><summary>Cover letter</summary><div class="letter plain">${escapeHtml(coverLetter)}</div></details>`
      : '';
  return `<article class="app" data-company="${escapeHtml(companySlug(record.company))}" data-score="${score}">
<h2><span class="score">${score}</span>${heading}</h2>
<p class="meta">${escapeHtml(record.company)}${locations ? ` · ${locations}` : ''}${generator}${status}</p>
<ul class="reasons">${reasons}</ul>
<p class="files">${files}</p>
${letter}${renderDescription(record)}
</article>`;
}

/** Where each record's folder is, relative to the run folder: as the summary says, else the default name. */
function folderIndex(summary: RunSummary): (record: ApplicationRecord) => string {
  const folders = new Map(summary.applications.map((a) => [a.id, a.folder]));
  return (record) =>
    folders.get(record.id) ??
    `${companySlug(record.company)}/${applicationDirName(record.title, record.listing.jobId)}`;
}

/** The whole page as one string; exported for callers that serve it instead of writing it. */
export function renderReviewPage(
  summary: RunSummary,
  records: ApplicationRecord[],
  coverLetters: Map<string, string>,
  filesOnDisk: Map<string, string[]> = new Map(),
): string {
  const sorted = [...records].sort((a, b) => scoreOf(b) - scoreOf(a) || a.company.localeCompare(b.company));
  const companies = new Map<string, string>();
  for (const record of sorted) companies.set(companySlug(record.company), record.company);
  const options = [...companies]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([slug, name]) => `<option value="${escapeHtml(slug)}">${escapeHtml(name)}</option>`)
    .join('');
  const folderOf = folderIndex(summary);
  const cards = sorted.map((record) => {
    const folder = folderOf(record);
    return renderCard(
      record,
      folder,
      filesOnDisk.get(record.id) ?? record.files,
      coverLetters.get(record.id),
    );
  });
  const problems = summaryProblems(summary);
  const problemList = problems.length
    ? `<ul class="problems">${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '';
  const runId = escapeHtml(summary.runId);
  return htmlPage({
    title: `job-matcher ${summary.runId}`,
    header: `<h1>Applications of run ${runId}</h1>
<p>${summary.generated} generated from ${summary.selected} selected out of ${plural(summary.listings, 'listing')} at ${plural(summary.companies.length, 'company')}. <a href="summary.md">summary.md</a></p>
${problemList}
<div class="filters">
<label>Company <select id="company"><option value="">All companies</option>${options}</select></label>
<label>Minimum score <input id="min-score" type="number" min="0" max="100" step="5" value="0"></label>
<span id="shown"></span>
</div>`,
    main: cards.length ? cards.join('\n') : '<p>No applications in this run.</p>',
    script: PAGE_SCRIPT,
  });
}

/** Writes `<runDir>/index.html`, a single file that works when opened straight from disk. */
export async function writeReviewPage(
  runDir: string,
  summary: RunSummary,
  records: ApplicationRecord[],
  coverLetters: Map<string, string>,
): Promise<string> {
  const file = join(runDir, REVIEW_PAGE);
  // Link what is really in each folder, whatever the record in memory lists.
  const filesOnDisk = new Map<string, string[]>();
  const folderOf = folderIndex(summary);
  for (const record of records) {
    const names = await readdir(join(runDir, folderOf(record))).catch(() => null);
    if (names) filesOnDisk.set(record.id, names);
  }
  try {
    await writeTextAtomically(file, renderReviewPage(summary, records, coverLetters, filesOnDisk));
  } catch (error) {
    throw new OutputError(file, `cannot write the review page (${describeError(error)})`, { cause: error });
  }
  return file;
}

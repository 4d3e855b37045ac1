import { findKnownKeywords, normalizeKeyword } from './keywords.js';
import type { ResumeContent, WorkEntry } from './types.js';

/** What loadProfile adds to what a reader found: target roles and keywords. */

/** Words that say how senior, not what the job is. */
const SENIORITY =
  /^(?:senior|sr\.?|junior|jr\.?|lead|principal|staff|entry[- ]level|mid[- ]level|intermediate|graduate)\s+/i;
const LEVEL_SUFFIX = /\s+(?:i{1,3}|iv|v|[1-5]|level\s+\d)$/i;

/** "Senior Backend Engineer" -> "Backend Engineer"; "Staff Engineer II" -> "Engineer". */
export function stripSeniority(title: string): string {
  let out = title.trim().replace(/\s*\([^)]*\)\s*$/, '');
  let before = '';
  while (before !== out) {
    before = out;
    const stripped = out.replace(SENIORITY, '').replace(LEVEL_SUFFIX, '').trim();
    if (stripped !== '') out = stripped;
  }
  return out;
}

/** Most recent first: current jobs, then by end date, then by start date; undated keep their order. */
function byRecency(work: WorkEntry[]): WorkEntry[] {
  const key = (entry: WorkEntry): string =>
    entry.endDate === null && entry.startDate !== null ? '9999' : (entry.endDate ?? entry.startDate ?? '');
  return work
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const ka = key(a.entry);
      const kb = key(b.entry);
      if (ka === '' || kb === '') return a.index - b.index;
      return (
        kb.localeCompare(ka) ||
        (b.entry.startDate ?? '').localeCompare(a.entry.startDate ?? '') ||
        a.index - b.index
      );
    })
    .map(({ entry }) => entry);
}

const dedupe = (items: string[]): string[] => {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (item === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Config roles when given; else the two most recent titles without seniority words. */
export function deriveTargetRoles(work: WorkEntry[], configured: string[]): string[] {
  const given = dedupe(configured.map((role) => role.trim()));
  if (given.length > 0) return given;
  const titles = byRecency(work)
    .map((entry) => entry.title)
    .filter((title) => title !== '')
    .slice(0, 2);
  return dedupe(titles.map(stripSeniority));
}

/** "AWS (S3, EMR)" -> AWS, S3, EMR; "HTML/CSS" -> html, css when both halves are known. */
function skillTerms(skill: string): string[] {
  const inner = /^(.*?)\s*\((.*)\)\s*$/.exec(skill);
  const parts = inner ? [inner[1]!, ...inner[2]!.split(/\s*,\s*/)] : [skill];
  return parts.flatMap((part) => {
    if (!part.includes('/') || normalizeKeyword(part) !== part.toLowerCase().trim()) return [part];
    const halves = part.split('/');
    const known = halves.every((half) => findKnownKeywords(half).length === 1);
    return known ? halves : [part];
  });
}

/**
 * The profile's keywords, normalised and deduplicated: the skills list first (as written, so a
 * skill unknown to the alias table still counts), then config keywords, then known technical
 * terms found in the summary, titles, bullets, projects and certifications.
 */
export function deriveKeywords(content: ResumeContent, configured: string[]): string[] {
  const out: string[] = [];
  const add = (keyword: string): void => {
    const normal = normalizeKeyword(keyword);
    if (normal !== '' && normal.length <= 40 && !out.includes(normal)) out.push(normal);
  };
  for (const skill of content.skills) for (const term of skillTerms(skill)) add(term);
  for (const keyword of configured) add(keyword);
  const prose = [
    content.label ?? '',
    content.summary ?? '',
    ...content.work.flatMap((entry) => [entry.title, ...entry.bullets]),
    ...content.projects.flatMap((project) => [project.name, project.description ?? '', ...project.bullets]),
    ...content.certifications,
  ];
  for (const text of prose) for (const term of findKnownKeywords(text)) add(term);
  return out;
}

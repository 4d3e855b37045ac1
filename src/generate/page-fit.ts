import type { TailoredResume } from './types.js';

/**
 * Keeps a resume within two pages by dropping its least relevant lines, so the Markdown, DOCX and
 * PDF all carry the same content. The line model matches the PDF's layout (src/generate/render/
 * html.ts: Letter, 0.6in margins, 10.5pt) with some slack, and is checked by the PDF tests.
 */
export const MAX_RESUME_PAGES = 2;
const LINES_PER_PAGE = 46;
const CHARS_PER_LINE = 88;

const lines = (text: string | null | undefined, indent = 0) =>
  text ? Math.max(1, Math.ceil(text.length / (CHARS_PER_LINE - indent))) : 0;

export function estimateLines(resume: TailoredResume): number {
  const contact = [
    resume.contact.email,
    resume.contact.phone,
    resume.contact.location,
    ...resume.contact.links,
  ]
    .filter(Boolean)
    .join(' | ');
  let total = 2 + lines(contact) + lines(resume.headline);
  const section = 2;
  if (resume.summary) total += section + lines(resume.summary);
  if (resume.skills.length > 0) total += section + lines(resume.skills.join(', '));
  if (resume.work.length > 0) total += section;
  for (const role of resume.work) {
    total += 2.5 + role.bullets.reduce((n, b) => n + lines(b.text, 6), 0);
  }
  if (resume.education.length > 0) total += section + resume.education.length * 1.5;
  if (resume.projects.length > 0) total += section;
  for (const p of resume.projects)
    total += 1.5 + lines(p.description) + p.bullets.reduce((n, b) => n + lines(b, 6), 0);
  if (resume.certifications.length > 0) total += section + resume.certifications.length;
  return total;
}

/** One step of trimming; false when it has nothing left to remove. */
type Trim = (r: TailoredResume) => boolean;

const dropProjectBullet: Trim = (r) => {
  const p = [...r.projects].reverse().find((x) => x.bullets.length > 0);
  if (!p) return false;
  p.bullets = p.bullets.slice(0, -1);
  return true;
};

/** From the role with the most bullets (the older on a tie): its least relevant bullet. */
const dropRoleBullet =
  (keepRecent: number, keepOther: number): Trim =>
  (r) => {
    let pick = -1;
    r.work.forEach((role, i) => {
      const keep = i === 0 ? keepRecent : keepOther;
      if (
        role.bullets.length > keep &&
        (pick < 0 || role.bullets.length >= (r.work[pick]?.bullets.length ?? 0))
      )
        pick = i;
    });
    const role = r.work[pick];
    if (!role) return false;
    role.bullets = role.bullets.slice(0, -1);
    return true;
  };

const dropLast =
  (key: 'projects' | 'certifications'): Trim =>
  (r) => {
    if (r[key].length === 0) return false;
    r[key] = r[key].slice(0, -1) as never;
    return true;
  };

/** The oldest roles go last of all, and only past the most recent three. */
const dropOldestRole: Trim = (r) => {
  if (r.work.length <= 3) return false;
  r.work = r.work.slice(0, -1);
  return true;
};

const TRIMS: Trim[] = [
  dropProjectBullet,
  dropRoleBullet(3, 2),
  dropLast('projects'),
  dropRoleBullet(2, 0),
  dropLast('certifications'),
  dropOldestRole,
  dropRoleBullet(1, 0),
];

/** A copy of the resume that fits `maxPages`; each step removes one line item, so it ends. */
export function fitResume(resume: TailoredResume, maxPages = MAX_RESUME_PAGES): TailoredResume {
  const out: TailoredResume = structuredClone(resume);
  const limit = maxPages * LINES_PER_PAGE;
  for (const trim of TRIMS) {
    while (estimateLines(out) > limit) if (!trim(out)) break;
  }
  return out;
}

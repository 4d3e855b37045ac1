import type { Profile } from '../profile/types.js';
import { fitResume } from './page-fit.js';
import type { TailoredDraft } from './reply-schema.js';
import type { CoverLetter, TailoredResume, TailoredRole } from './types.js';
import { escapeRegExp, normalizeSkill } from './vocabulary.js';

const WORK_REF = /^work\[(\d+)\]$/;

/**
 * The signature is added from the Profile, so a model's closing that signs already ("Best
 * regards,\nDana Whitfield", "Best, Dana") loses the name; a closing that is only the name gives
 * way to a plain one.
 */
export function closingWithoutName(closing: string, name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean).map(escapeRegExp);
  if (words.length === 0) return closing.trim();
  // The full name, or the first name alone, at the end of the closing.
  const signed = new RegExp(`[\\s,—–-]*(?:${words.join('\\s+')}|${words[0]})[\\s.]*$`, 'iu');
  const rest = closing.trim().replace(signed, '').trim();
  if (rest === '') return 'Sincerely,';
  return /[,!.]$/u.test(rest) ? rest : `${rest},`;
}

/**
 * A model's draft made into the resume and letter: dates, locations, education, projects and
 * contact come from the Profile; the model's employer, title, bullets, skills and summary are kept
 * as written so the fact guard judges what the model said. Roles the model left out come back
 * without bullets, so the work history has no invented gaps.
 */
export function assembleDraft(
  draft: TailoredDraft,
  profile: Profile,
): { resume: TailoredResume; coverLetter: CoverLetter } {
  const used = new Set<number>();
  const roles: Array<{ at: number; role: TailoredRole }> = draft.roles.map((r, order) => {
    const index = WORK_REF.exec(r.source.trim())?.[1];
    const entry = index === undefined ? undefined : profile.work[Number(index)];
    if (entry) used.add(Number(index));
    return {
      // Unknown references sort after every real role.
      at: entry ? Number(index) : profile.work.length + order,
      role: {
        employer: r.employer,
        title: r.title,
        location: entry?.location ?? null,
        startDate: entry?.startDate ?? null,
        endDate: entry?.endDate ?? null,
        bullets: r.bullets.map((b) => ({ text: b.text.trim(), source: b.source.trim() })),
        source: r.source.trim(),
      },
    };
  });
  profile.work.forEach((entry, i) => {
    if (used.has(i)) return;
    const { employer, title, location, startDate, endDate } = entry;
    roles.push({
      at: i,
      role: { employer, title, location, startDate, endDate, bullets: [], source: `work[${i}]` },
    });
  });
  roles.sort((a, b) => a.at - b.at);

  const seen = new Set<string>();
  const skills = draft.skills
    .map((s) => s.trim())
    .filter((s) => {
      const key = normalizeSkill(s);
      if (!s || seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  const resume: TailoredResume = {
    name: profile.name,
    headline: profile.label,
    contact: profile.contact,
    summary: draft.summary.trim(),
    skills,
    work: roles.map((r) => r.role),
    education: profile.education,
    projects: profile.projects,
    certifications: profile.certifications,
  };
  const coverLetter: CoverLetter = {
    greeting: draft.coverLetter.greeting.trim(),
    paragraphs: draft.coverLetter.paragraphs.map((p) => p.trim()).filter(Boolean),
    closing: closingWithoutName(draft.coverLetter.closing, profile.name),
    signature: profile.name,
  };
  return { resume: fitResume(resume), coverLetter };
}

import type { Profile } from '../profile/types.js';
import type { CoverLetter, TailoredResume, TailoringReport } from './types.js';
import { normalizeSkill } from './vocabulary.js';

const BULLET_REF = /^work\[(\d+)\]\.bullets\[(\d+)\]$/;
const WORK_REF = /^work\[(\d+)\]$/;

/**
 * What tailoring changed against the original resume, for the reviewer: the skills in their new
 * order with their old place, the bullets chosen per role with the bullet each came from (so a
 * reworded one can be read beside its source), how many were left out, and the letter.
 */
export function describeTailoring(
  profile: Profile,
  resume: TailoredResume,
  coverLetter: CoverLetter,
): TailoringReport {
  const original = profile.skills.map(normalizeSkill);
  const skills = resume.skills.map((name) => {
    const at = original.indexOf(normalizeSkill(name));
    return { name, from: at < 0 ? null : at };
  });
  const roles = resume.work.map((role) => {
    const index = WORK_REF.exec(role.source)?.[1];
    const entry = index === undefined ? undefined : profile.work[Number(index)];
    const bullets = role.bullets.map((b) => {
      const ref = BULLET_REF.exec(b.source);
      const source = ref && ref[1] === index ? (entry?.bullets[Number(ref[2])] ?? null) : null;
      return { text: b.text, source: b.source, original: source };
    });
    return {
      employer: role.employer,
      title: role.title,
      bullets,
      leftOut: Math.max(0, (entry?.bullets.length ?? 0) - new Set(bullets.map((b) => b.source)).size),
    };
  });
  return { summary: resume.summary, skills, roles, coverLetter };
}

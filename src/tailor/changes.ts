import type { TailoredResume } from '../generate/types.js';
import type { Profile } from '../profile/types.js';

/**
 * What the tailoring did to one person's resume, in lines a reviewer reads before sending it:
 * the summary, the order of the skills, and per role the bullets kept, reworded, reordered or
 * left out. Everything is read from the source references the generator keeps on each line.
 */
const BULLET_REF = /^work\[(\d+)\]\.bullets\[(\d+)\]$/;
const TOP_SKILLS = 5;

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

function skillChanges(profile: Profile, resume: TailoredResume): string[] {
  const out: string[] = [];
  const before = profile.skills.slice(0, TOP_SKILLS).map((s) => s.toLowerCase());
  const after = resume.skills.slice(0, TOP_SKILLS);
  if (after.some((s, i) => s.toLowerCase() !== before[i]))
    out.push(
      `skills led by ${after.join(', ')} (the resume began with ${profile.skills.slice(0, TOP_SKILLS).join(', ')})`,
    );
  const kept = new Set(resume.skills.map((s) => s.toLowerCase()));
  const left = profile.skills.filter((s) => !kept.has(s.toLowerCase()));
  if (left.length > 0)
    out.push(`${left.length} of ${profile.skills.length} skills left out: ${left.join(', ')}`);
  return out;
}

function roleChanges(profile: Profile, resume: TailoredResume): string[] {
  const out: string[] = [];
  profile.work.forEach((entry, i) => {
    const role = resume.work.find((r) => r.source === `work[${i}]`);
    const name = `${entry.title}, ${entry.employer}`;
    if (!role) {
      out.push(`${name}: left out`);
      return;
    }
    if (entry.bullets.length === 0) return;
    if (role.bullets.length === 0) {
      out.push(`${name}: dates only, no bullets`);
      return;
    }
    const sources = role.bullets.map((b) => BULLET_REF.exec(b.source));
    const indexes = sources.map((m) => (m && Number(m[1]) === i ? Number(m[2]) : -1));
    const reworded = role.bullets.filter((b, k) => {
      const original = entry.bullets[indexes[k] ?? -1];
      return original !== undefined && !sameText(original, b.text);
    }).length;
    const kept = new Set(indexes.filter((n) => n >= 0)).size;
    const reordered = indexes.some((n, k) => k > 0 && n >= 0 && n < (indexes[k - 1] ?? -1));
    const parts = [`${kept} of ${entry.bullets.length} bullets kept`];
    if (reworded > 0) parts.push(`${reworded} reworded`);
    if (reordered) parts.push('reordered for the job');
    const unchanged = kept === entry.bullets.length && reworded === 0 && !reordered;
    if (!unchanged) out.push(`${name}: ${parts.join(', ')}`);
  });
  return out;
}

export function describeChanges(profile: Profile, resume: TailoredResume): string[] {
  const out: string[] = [];
  if (!profile.summary && resume.summary) out.push('summary written for the job');
  else if (profile.summary && !sameText(profile.summary, resume.summary))
    out.push('summary rewritten for the job');
  out.push(...skillChanges(profile, resume), ...roleChanges(profile, resume));
  if (resume.projects.length < profile.projects.length)
    out.push(
      `${profile.projects.length - resume.projects.length} of ${profile.projects.length} projects left out`,
    );
  if (out.length === 0) out.push('no changes: the resume already fits the job');
  return out;
}

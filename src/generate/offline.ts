import type { Profile, WorkEntry } from '../profile/types.js';
import type { JobText } from './job-text.js';
import { fitResume } from './page-fit.js';
import { byRelevance, type JobTerms, jobTerms, jobWantsSkill, relevance } from './relevance.js';
import type { CoverLetter, TailoredResume, TailoredRole } from './types.js';
import { normalizeSkill } from './vocabulary.js';

/**
 * The offline generator: no network, no randomness, no clock. It picks and orders the resume's
 * own bullets and skills by relevance to the job and writes the cover letter from them, so
 * everything it says is in the resume by construction (and the fact guard still checks it).
 */
export interface OfflineInput {
  profile: Profile;
  job: JobText;
  companyAbout: string | null;
}

/** Bullets kept per role before page fitting: the latest role tells most. */
const BULLETS_LATEST = 6;
const BULLETS_OTHER = 4;

export function generateOffline(input: OfflineInput): { resume: TailoredResume; coverLetter: CoverLetter } {
  const terms = jobTerms(input.job.title, input.job.description);
  const skills = orderSkills(input.profile.skills, terms);
  const work = input.profile.work.map((entry, i) => tailorRole(entry, i, terms));
  const resume: TailoredResume = {
    name: input.profile.name,
    headline: input.profile.label,
    contact: input.profile.contact,
    summary: summary(input.profile, skills, terms),
    skills,
    work,
    education: input.profile.education,
    projects: input.profile.projects,
    certifications: input.profile.certifications,
  };
  const fitted = fitResume(resume);
  return { resume: fitted, coverLetter: coverLetter(input.profile, fitted, input.job, skills, terms) };
}

function orderSkills(skills: readonly string[], terms: JobTerms): string[] {
  const seen = new Set<string>();
  const unique = skills.filter((s) => {
    const key = normalizeSkill(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return byRelevance(unique, (s) => (jobWantsSkill(s, terms) ? 1 : 0));
}

function tailorRole(entry: WorkEntry, index: number, terms: JobTerms): TailoredRole {
  const bullets = entry.bullets.map((text, j) => ({ text, source: `work[${index}].bullets[${j}]` }));
  const ordered = byRelevance(bullets, (b) => relevance(b.text, terms));
  return {
    employer: entry.employer,
    title: entry.title,
    location: entry.location,
    startDate: entry.startDate,
    endDate: entry.endDate,
    bullets: ordered.slice(0, index === 0 ? BULLETS_LATEST : BULLETS_OTHER),
    source: `work[${index}]`,
  };
}

/** "a, b and c". */
function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function summary(profile: Profile, skills: string[], terms: JobTerms): string {
  const who = profile.label ?? profile.work[0]?.title ?? 'Professional';
  const employers = [...new Set(profile.work.map((w) => w.employer))].slice(0, 3);
  const sentences = [employers.length > 0 ? `${who} with experience at ${listing(employers)}.` : `${who}.`];
  const wanted = skills.filter((s) => jobWantsSkill(s, terms)).slice(0, 5);
  if (wanted.length > 0) sentences.push(`Skills this role asks for: ${listing(wanted)}.`);
  else if (skills.length > 0) sentences.push(`Skills include ${listing(skills.slice(0, 5))}.`);
  return sentences.join(' ');
}

/** A bullet inside a sentence: lower-case first letter (unless an acronym), no final full stop. */
function inline(bullet: string): string {
  const text = bullet.trim().replace(/[.;]+$/, '');
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

function coverLetter(
  profile: Profile,
  resume: TailoredResume,
  job: JobText,
  skills: string[],
  terms: JobTerms,
): CoverLetter {
  const wanted = skills.filter((s) => jobWantsSkill(s, terms)).slice(0, 3);
  const opening = [`I am applying for the ${job.title} position at ${job.company}.`];
  if (wanted.length > 0) opening.push(`My background in ${listing(wanted)} matches what the role asks for.`);
  const paragraphs = [opening.join(' ')];
  const [latest, previous] = resume.work.filter((r) => r.bullets.length > 0);
  if (latest) {
    const points = latest.bullets.slice(0, 2).map((b) => inline(b.text));
    paragraphs.push(
      `In my time as ${latest.title} at ${latest.employer}, my work included: ${points.join('; ')}.`,
    );
  }
  if (previous) {
    paragraphs.push(
      `Before that, as ${previous.title} at ${previous.employer}: ${inline(previous.bullets[0]?.text ?? '')}.`,
    );
  }
  paragraphs.push(`I would welcome the chance to discuss how my experience can help ${job.company}.`);
  return {
    greeting: `Dear ${job.company} hiring team,`,
    paragraphs,
    closing: 'Sincerely,',
    signature: profile.name,
  };
}

import type { Profile } from '../profile/types.js';
import { normalizeSkill, skillMentions } from './vocabulary.js';

/**
 * Reading claims out of free text: which organisations the text says the person worked at, which
 * job titles it says they held, which numbers it states. The fact guard compares these with the
 * Profile. The patterns are deliberately narrow (an employment word before a capitalised name) so
 * that ordinary prose is not mistaken for a claim.
 */

/** A dot stays inside a name only before a letter ("Node.js", "Amazon.com"), not at a sentence end. */
const NAME_WORD = String.raw`[\p{Lu}\p{N}](?:[\p{L}\p{N}&'’\-/]|\.(?=[\p{L}\p{N}]))*`;
/** A capitalised name of one or more words, allowing "of", "and" and "&" inside ("Bank of America"). */
const NAME = String.raw`${NAME_WORD}(?:\s+(?:(?:of|and|&|de|la|the)\s+)?${NAME_WORD})*`;

/** Either case for the first letter, so a claim at the start of a sentence is read too. */
const anyCase = (word: string) => `[${word[0]?.toUpperCase()}${word[0]}]${word.slice(1)}`;

/** "at Acme", "joined Acme", "worked for Acme", "employed by Acme". */
const EMPLOYER_CLAIM = new RegExp(
  String.raw`(?:\b(?:${anyCase('at')}|${anyCase('joined')}|${anyCase('joining')})|\b(?:${anyCase('work')}(?:ed|ing|s)?|${anyCase('employed')}|${anyCase('served')}|${anyCase('serving')}|${anyCase('consult')}(?:ed|ing)|${anyCase('contract')}(?:ed|ing)|${anyCase('interned')})\s+(?:for|by|with|at))\s+(?:the\s+)?(${NAME})`,
  'gu',
);

const TITLE_WORDS =
  /\b(engineer|developer|programmer|manager|director|lead|head|architect|scientist|analyst|designer|consultant|administrator|specialist|intern|officer|president|founder|co-founder|ceo|cto|cfo|coo|vp|teacher|researcher|technician|owner|partner|principal|staff)\b/i;

/** "as a Senior Engineer", "my role as CTO", "worked as Lead Designer". */
const TITLE_CLAIM = new RegExp(String.raw`\b${anyCase('as')}\s+(?:an?\s+|the\s+|our\s+)?(${NAME})`, 'gu');

const NUMBER = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)*/gu;

/** Trailing words that end a sentence-initial capital run rather than a name ("Acme. The"). */
function trimName(name: string): string {
  return (
    name
      .replace(/[.'’\-/]+$/u, '')
      .replace(/\s+(?:of|and|&|de|la|the)$/iu, '')
      // "At Acme I led ...": the pronoun after the name is not part of it.
      .replace(/\s+(?:I|We|My|Our|He|She|They|It)$/u, '')
      .trim()
  );
}

export function employerClaims(text: string): string[] {
  return [...text.matchAll(EMPLOYER_CLAIM)].map((m) => trimName(m[1] ?? '')).filter(Boolean);
}

export function titleClaims(text: string): string[] {
  return [...text.matchAll(TITLE_CLAIM)]
    .map((m) => trimName(m[1] ?? ''))
    .filter((name) => TITLE_WORDS.test(name));
}

/** First-person words: what follows is said of the candidate. */
const CANDIDATE_WORD = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself)\b/gu;
/** Words that make the rest of a clause about the employer or the role. */
const EMPLOYER_WORD =
  /\b(?:[Yy]our|[Yy]ou|[Yy]ou're|[Yy]ou’re|[Yy]ours|[Tt]he (?:team|company|role|position|job|posting|stack|platform)(?:'s|’s)?|[Tt]his (?:role|position|job|team)|[Tt]heir|[Ii]ts)\b/gu;
/** A first-person clause hung on the skill: "Kafka, which I have run for years". */
const CLAIM_AFTER = /^[^.!?]*?\b(?:which|that|as|and|where|since)\s+I\b/u;

/**
 * Is the skill at `index` said of the employer or the role rather than of the candidate? The
 * nearest person before it in its sentence decides ("What draws me to this role is how your team
 * uses Kafka": "your"); a first-person clause right after it ("Kafka, which I ran") claims it; a
 * sentence with no one named before the skill claims it for the writer.
 */
export function saidOfEmployer(text: string, index: number): boolean {
  const start =
    Math.max(
      text.lastIndexOf('.', index),
      text.lastIndexOf('!', index),
      text.lastIndexOf('?', index),
      text.lastIndexOf('\n', index),
    ) + 1;
  const before = text.slice(start, index);
  const lastOf = (pattern: RegExp): number => {
    let at = -1;
    for (const m of before.matchAll(pattern)) at = m.index;
    return at;
  };
  const employerAt = lastOf(EMPLOYER_WORD);
  const candidateAt = lastOf(CANDIDATE_WORD);
  if (employerAt < 0 || candidateAt > employerAt) return false;
  return !CLAIM_AFTER.test(text.slice(index));
}

/** Numbers as written, thousands separators removed ("10,000" -> "10000"; "4.0" stays). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => m[0].replace(/,(?=\d{3}\b)/g, ''));
}

/** Lower case, words only, single spaces: for "does the profile say this phrase anywhere" checks. */
export function plainWords(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .replace(/[^\p{L}\p{N}&+#]+/gu, ' ')
    .trim()} `;
}

/** True when `phrase` occurs in `haystack` as whole words (both passed through plainWords). */
export function containsPhrase(haystack: string, phrase: string): boolean {
  const needle = plainWords(phrase);
  return needle.trim().length > 0 && haystack.includes(needle);
}

/** Every piece of text in the profile, for phrase and number look-ups. */
export function profileText(profile: Profile): string {
  const parts: string[] = [profile.name, profile.label ?? '', profile.summary ?? '', ...profile.skills];
  for (const w of profile.work) {
    parts.push(w.employer, w.title, w.location ?? '', w.startDate ?? '', w.endDate ?? '', ...w.bullets);
  }
  for (const e of profile.education) {
    parts.push(e.institution, e.degree ?? '', e.area ?? '', e.startDate ?? '', e.endDate ?? '');
  }
  for (const p of profile.projects) parts.push(p.name, p.description ?? '', ...p.bullets);
  parts.push(...profile.certifications, profile.contact.location ?? '');
  return parts.filter(Boolean).join('\n');
}

/**
 * Every skill pattern run over the whole resume costs ~0.1 s, and the fact guard asks for each
 * reply it checks; a run has one profile, so each profile's answer is kept.
 */
const skillsByProfile = new WeakMap<Profile, ReadonlySet<string>>();

/** Canonical skills the profile has: its skill list, its keywords, and skills its text names. */
export function profileSkills(profile: Profile): Set<string> {
  let known = skillsByProfile.get(profile);
  if (!known) {
    const skills = new Set<string>();
    for (const s of [...profile.skills, ...profile.keywords]) skills.add(normalizeSkill(s));
    for (const s of skillMentions(profileText(profile))) skills.add(s);
    known = skills;
    skillsByProfile.set(profile, known);
  }
  return new Set(known);
}

/** Whole years between the earliest start and the latest end (or `now`) of the work history. */
export function yearsOfExperience(profile: Profile, now: Date): number | null {
  const years = (d: string | null) => (d ? Number.parseInt(d.slice(0, 4), 10) : Number.NaN);
  const starts = profile.work.map((w) => years(w.startDate)).filter(Number.isFinite);
  if (starts.length === 0) return null;
  const ends = profile.work.map((w) => (w.endDate ? years(w.endDate) : now.getUTCFullYear()));
  const span = Math.max(...ends.filter(Number.isFinite)) - Math.min(...starts);
  return span > 0 ? span : null;
}

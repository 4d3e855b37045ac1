import type { JobDocument } from '../batch/job-input.js';
import { aliasesOf, findKnownKeywords } from '../profile/index.js';
import type { Criterion, DegreeLevel, Requirements } from './criteria.js';

/**
 * Requirements read from a job's text, deterministic: the skills under "Requirements" /
 * "Qualifications" headings are must-haves, under "Nice to have" / "Bonus" / "Preferred" (or on a
 * line saying "a plus") nice-to-haves; "5+ years of Go" is a minimum of years; degree, location
 * or workplace, and spoken languages come from the lines that name them.
 */

export const WEIGHTS = { mustSkill: 3, niceSkill: 1, years: 3, degree: 2, location: 1, language: 2 } as const;

const MUST_HEADING =
  /requirement|qualification|must|what you('|’)?ll need|what you need|what you bring|you have|you bring|about you|who you are|skills|experience|profile|looking for/i;
const NICE_HEADING = /nice|bonus|preferred|plus|desir|good to have|extra|optional|would be great/i;
const OTHER_HEADING =
  /about (us|the company)|benefit|offer|perks|why join|compensation|salary|how to apply|process/i;
const NICE_LINE = /nice to have|\bpreferred\b|\ba plus\b|\bbonus\b|\bideally\b|\bdesirable\b/i;

const YEARS = /(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?years?(?:'|’)?\s+(?:of\s+)?([^.;\n]*)/gi;
const DEGREE: [RegExp, DegreeLevel][] = [
  [/\b(ph\.?\s?d|doctorate|doctoral)\b/i, 'doctorate'],
  [/\b(master'?s?|m\.?sc|m\.s\.|ms degree)\b/i, 'master'],
  [
    /\b(bachelor'?s?|b\.?sc|b\.s\.|bs degree|ba degree|university degree|college degree|degree in)\b/i,
    'bachelor',
  ],
  [/\bassociate'?s? degree\b/i, 'associate'],
];
const LANGUAGES = [
  'English',
  'German',
  'French',
  'Spanish',
  'Dutch',
  'Italian',
  'Portuguese',
  'Polish',
  'Japanese',
  'Mandarin',
  'Chinese',
  'Korean',
  'Arabic',
  'Hindi',
  'Swedish',
];
const LANGUAGE_LINE =
  /fluen|speak|spoken|written|language|proficien|native|business[- ]level|\bC1\b|\bC2\b|\bB2\b/i;
const PLACE_LINE =
  /\b(?:[Bb]ased in|[Ll]ocated in|[Ll]ocation:|[Oo]n-?site in|[Oo]ffice in|[Rr]elocate to|[Hh]ybrid (?:in|from))\s+([A-Z][\w-]*(?: [A-Z][\w-]*)*)/;

interface JobLine {
  text: string;
  /** must / nice / none by the heading above it. */
  section: 'must' | 'nice' | 'other' | 'none';
}

function jobLines(markdown: string): JobLine[] {
  const out: JobLine[] = [];
  let section: JobLine['section'] = 'none';
  for (const raw of markdown.split('\n')) {
    const text = raw
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/\*\*|__/g, '')
      .trim();
    if (text === '') continue;
    const heading = /^#{1,6}\s/.test(raw.trim()) || (/:$/.test(text) && text.length < 60);
    if (heading) {
      const name = text.replace(/^#+\s*/, '');
      section = NICE_HEADING.test(name)
        ? 'nice'
        : OTHER_HEADING.test(name)
          ? 'other'
          : MUST_HEADING.test(name)
            ? 'must'
            : 'other';
      continue;
    }
    out.push({ text, section });
  }
  // A posting with no recognised headings: everything it asks for counts as required.
  if (!out.some((l) => l.section === 'must' || l.section === 'nice'))
    return out.map((l) => ({ ...l, section: 'must' }));
  return out;
}

/**
 * Known skills in one line of a list. A list item's first word is not the start of a sentence
 * to findKnownKeywords ("Go, Kubernetes" names Go), so the line is read as if mid-sentence.
 */
function skillsIn(text: string): string[] {
  return findKnownKeywords(`, ${text}`);
}

/** The skill as the job spells it ("PostgreSQL"), else its canonical name. */
function spelling(skill: string, text: string): string {
  for (const alias of aliasesOf(skill).sort((a, b) => b.length - a.length)) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(?<![\\w])${escaped}(?![\\w])`, 'i').exec(text);
    if (m) return m[0];
  }
  return skill;
}

/** A line's clauses: "Fluent English; German is a plus" asks for English and would like German. */
function clauses(line: JobLine): JobLine[] {
  return line.text
    .split(/;\s*|\.\s+(?=[A-Z])/)
    .filter((text) => text.trim() !== '')
    .map((text) => ({ ...line, text: text.trim() }));
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'x';

export function extractRequirements(
  job: Pick<JobDocument, 'text' | 'title' | 'company' | 'sha256' | 'locations' | 'remote'>,
): Requirements {
  const criteria = new Map<string, Criterion>();
  const add = (c: Criterion): void => {
    const existing = criteria.get(c.id);
    // The same skill asked for twice: a must-have wins over a nice-to-have.
    if (!existing || (c.must && !existing.must)) criteria.set(c.id, c);
  };
  for (const line of jobLines(job.text).flatMap(clauses)) {
    if (line.section === 'other' || line.section === 'none') continue;
    const must = line.section === 'must' && !NICE_LINE.test(line.text);
    for (const skill of skillsIn(line.text)) {
      add({
        id: `skill-${slug(skill)}`,
        kind: 'skill',
        label: spelling(skill, line.text),
        must,
        weight: must ? WEIGHTS.mustSkill : WEIGHTS.niceSkill,
        terms: aliasesOf(skill),
        source: line.text,
      });
    }
    for (const m of line.text.matchAll(YEARS)) {
      const years = Number(m[1]);
      // The skill is judged with "years of" before it: alone, "Go in production" reads as a verb.
      const skill = skillsIn(m[0])[0];
      const id = skill ? `years-${slug(skill)}` : 'years-experience';
      const label = skill
        ? `${years}+ years of ${spelling(skill, line.text)}`
        : `${years}+ years of experience`;
      add({
        id,
        kind: 'years',
        label,
        must,
        weight: must ? WEIGHTS.years : WEIGHTS.niceSkill,
        terms: skill ? aliasesOf(skill) : [],
        min_years: years,
        source: line.text,
      });
    }
    for (const [re, level] of DEGREE) {
      if (re.test(line.text) && /degree|bachelor|master|ph\.?d|doctor|b\.?sc|m\.?sc/i.test(line.text)) {
        const equivalent = /or equivalent|or similar|equivalent experience/i.test(line.text);
        add({
          id: 'degree',
          kind: 'degree',
          label: `${level} degree${equivalent ? ' (or equivalent)' : ''}`,
          must: must && !equivalent,
          weight: WEIGHTS.degree,
          terms: [],
          degree: level,
          source: line.text,
        });
        break;
      }
    }
    if (LANGUAGE_LINE.test(line.text)) {
      for (const language of LANGUAGES.filter((l) => new RegExp(`\\b${l}\\b`).test(line.text))) {
        add({
          id: `language-${slug(language)}`,
          kind: 'language',
          label: `speaks ${language}`,
          must,
          weight: WEIGHTS.language,
          terms: [language],
          source: line.text,
        });
      }
    }
  }
  const place =
    PLACE_LINE.exec(job.text)?.[1]
      ?.replace(/[.,]+$/, '')
      .trim() ?? (job.remote ? null : job.locations[0]?.split(/[,(]/)[0]?.trim());
  if (place) {
    add({
      id: 'location',
      kind: 'location',
      label: `located in or near ${place}`,
      must: false,
      weight: WEIGHTS.location,
      terms: [place],
    });
  }
  return {
    version: 1,
    job: { title: job.title, company: job.company, sha256: job.sha256 },
    criteria: [...criteria.values()].sort((a, b) => Number(b.must) - Number(a.must)),
  };
}

import { foldText } from '../match/index.js';
import { findKnownKeywords, normalizeKeyword } from '../profile/index.js';
import type { WorkEntry } from '../profile/types.js';
import type { Criterion, DegreeLevel, Requirements } from './criteria.js';
import type { DocLine, ResumeDoc } from './resume-doc.js';

/**
 * The deterministic assessment: per criterion, the resume lines that meet it (section and line),
 * years from the dates of the roles that mention the skill, a 0-1 score; the total 0-100 is the
 * weighted mean. Same resume, same criteria, same `asOf`: same result.
 */

export interface Evidence {
  section: string;
  line: number;
  text: string;
}

export interface CriterionResult {
  id: string;
  label: string;
  kind: Criterion['kind'];
  must: boolean;
  weight: number;
  /** 0-1. */
  score: number;
  met: boolean;
  evidence: Evidence[];
  /** years: what the resume's roles add up to. */
  years?: number;
  /** Who judged it: the rules, or the model with a quote found in the resume. */
  by: 'rules' | 'model';
  note?: string;
}

export interface Assessment {
  /** 0-100. */
  score: number;
  criteria: CriterionResult[];
  missingMust: string[];
  /** All roles together, overlaps counted once. */
  totalYears: number;
}

const MAX_EVIDENCE = 3;
const LEVELS: DegreeLevel[] = ['associate', 'bachelor', 'master', 'doctorate'];
const DEGREE_LEVEL: [RegExp, DegreeLevel][] = [
  [/ph\.?\s?d|doctor|d\.?\s?phil/i, 'doctorate'],
  [/master|m\.?\s?sc|\bm\.?s\b|\bm\.?a\b|mba|m\.?\s?eng|m\.?\s?tech|m\.?\s?phil|dipl/i, 'master'],
  [/bachelor|b\.?\s?sc|\bb\.?s\b|\bb\.?a\b|b\.?\s?eng|b\.?\s?tech|bba|b\.?\s?com|b\.?\s?des/i, 'bachelor'],
  [/associate|a\.?\s?a\.?\s?s|\ba\.?s\b|\ba\.?a\b|hnd/i, 'associate'],
];

/** Month number since year 0 of "YYYY-MM" / "YYYY" (a bare year counts from its January). */
function monthOf(date: string): number | null {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  return m ? Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : 0) : null;
}

/** Years covered by these roles, overlapping roles counted once; a role without a start adds nothing. */
export function yearsOf(work: readonly WorkEntry[], asOf: Date): number {
  const now = asOf.getUTCFullYear() * 12 + asOf.getUTCMonth();
  const spans = work
    .map((w) => {
      const start = w.startDate ? monthOf(w.startDate) : null;
      const end = w.endDate ? monthOf(w.endDate) : now;
      // A bare end year ("2019") means the role ran through that year.
      const endMonth = end !== null && w.endDate && /^\d{4}$/.test(w.endDate) ? end + 11 : end;
      return start !== null && endMonth !== null && endMonth >= start
        ? [start, Math.min(endMonth, now) + 1]
        : null;
    })
    .filter((s): s is number[] => s !== null)
    .sort((a, b) => a[0]! - b[0]!);
  let months = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of spans) {
    const from = Math.max(start!, reach);
    if (end! > from) months += end! - from;
    reach = Math.max(reach, end!);
  }
  return Math.round((months / 12) * 10) / 10;
}

/** One criterion's test for a piece of text: known skills by the keyword finder, other terms by word. */
function matcherFor(criterion: Criterion): (text: string) => boolean {
  const known = criterion.terms
    .map((t) => normalizeKeyword(t))
    .filter((t) => findKnownKeywords(`, ${t}`).includes(t));
  const words = criterion.terms.map((t) => foldText(t)).filter((t) => t !== '');
  return (text) => {
    if (known.length > 0 && findKnownKeywords(`, ${text}`).some((k) => known.includes(k))) return true;
    const folded = ` ${foldText(text)} `;
    return words.some((w) => folded.includes(` ${w} `));
  };
}

const roleText = (w: WorkEntry): string => [w.title, w.employer, ...w.bullets].join(' \n ');

function evidenceIn(lines: readonly DocLine[], test: (text: string) => boolean): Evidence[] {
  return lines
    .filter((l) => test(l.text))
    .slice(0, MAX_EVIDENCE)
    .map((l) => ({ section: l.section, line: l.line, text: l.text }));
}

function judge(
  criterion: Criterion,
  doc: ResumeDoc,
  asOf: Date,
): Omit<CriterionResult, 'id' | 'label' | 'kind' | 'must' | 'weight' | 'by'> {
  const { content, lines } = doc;
  switch (criterion.kind) {
    case 'skill':
    case 'language':
    case 'location': {
      const test = matcherFor(criterion);
      const evidence = evidenceIn(lines, test);
      const placed =
        criterion.kind === 'location' && content.contact.location !== null && test(content.contact.location);
      const met = evidence.length > 0 || placed;
      return { score: met ? 1 : 0, met, evidence };
    }
    case 'years': {
      const need = criterion.min_years ?? 0;
      const test = criterion.terms.length > 0 ? matcherFor(criterion) : () => true;
      const roles = content.work.filter((w) => test(roleText(w)));
      const years = yearsOf(roles, asOf);
      const evidence = evidenceIn(
        lines.filter((l) => l.section === 'experience'),
        (text) =>
          roles.some((r) => text.includes(r.title) && text.includes(r.employer)) ||
          (criterion.terms.length > 0 && test(text)),
      );
      const score = need === 0 ? 1 : Math.min(1, years / need);
      const undated = roles.filter((r) => !r.startDate).length;
      return {
        score,
        met: years >= need,
        evidence,
        years,
        ...(undated > 0 ? { note: `${undated} role(s) without dates not counted` } : {}),
      };
    }
    case 'degree': {
      const need = LEVELS.indexOf(criterion.degree ?? 'bachelor');
      let best = -1;
      let bestText = '';
      for (const school of content.education) {
        const text = [school.degree, school.area].filter(Boolean).join(' ');
        const level = DEGREE_LEVEL.find(([re]) => re.test(school.degree ?? ''))?.[1];
        if (level && LEVELS.indexOf(level) > best) {
          best = LEVELS.indexOf(level);
          bestText = text;
        }
      }
      const evidence = bestText ? evidenceIn(lines, (text) => text.includes(bestText.split(' ')[0]!)) : [];
      return { score: best >= need ? 1 : 0, met: best >= need, evidence };
    }
  }
}

export function assess(requirements: Requirements, doc: ResumeDoc, asOf: Date): Assessment {
  const criteria: CriterionResult[] = requirements.criteria.map((c) => ({
    id: c.id,
    label: c.label,
    kind: c.kind,
    must: c.must,
    weight: c.weight,
    by: 'rules' as const,
    ...judge(c, doc, asOf),
  }));
  return summarise(criteria, yearsOf(doc.content.work, asOf));
}

/** The total and the missing must-haves from per-criterion results (after the model's too). */
export function summarise(criteria: CriterionResult[], totalYears: number): Assessment {
  const weights = criteria.reduce((sum, c) => sum + c.weight, 0);
  const points = criteria.reduce((sum, c) => sum + c.weight * c.score, 0);
  return {
    score: weights > 0 ? Math.round((100 * points) / weights) : 0,
    criteria,
    missingMust: criteria.filter((c) => c.must && !c.met).map((c) => c.label),
    totalYears,
  };
}

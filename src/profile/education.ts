import { findDates, removeDates } from './dates.js';
import type { ResumeLine } from './lines.js';
import { isLocation, isProse, splitPieces, wordCount } from './text-pieces.js';
import type { EducationEntry } from './types.js';

/**
 * Schools in an Education section: "MSc Computer Science, TU Munich (2014 - 2016)",
 * "University of Lagos — BSc Computer Engineering", or institution and degree on separate lines.
 * Bullets (courses, honours) are not kept.
 */

/** Abbreviated degrees, matched case-sensitively so "MA" is never the start of "MAYA". */
const DEGREE_ABBREVIATION =
  /^(B\.?\s?Sc\.?|B\.?\s?Eng\.?|B\.?\s?Tech\.?|B\.?\s?Des\.?|B\.?\s?Com\.?|B\.?\s?S\.?|B\.?\s?A\.?|BBA|M\.?\s?Sc\.?|M\.?\s?Eng\.?|M\.?\s?Tech\.?|M\.?\s?Phil\.?|M\.?\s?S\.?|M\.?\s?A\.?|MBA|Ph\.?\s?D\.?|D\.?\s?Phil\.?|J\.?\s?D\.?|LL\.?\s?[BM]\.?|A\.?\s?A\.?\s?S\.?|A\.?\s?S\.?|A\.?\s?A\.?|Dipl\.?-\s?Ing\.?|HND|GED)(?=[\s,(]|$)(?:\s+(?:in|of)\b)?[\s,:–—-]*(.*)$/;
const DEGREE_WORDS =
  /^((?:bachelor|master|doctor|associate)(?:'s|’s)?(?:\s+(?:of|in)\s+(?:arts|sciences?|engineering|design|fine arts|business administration|technology|applied sciences?|commerce|laws|education|philosophy|music|architecture|computer science))?(?:\s+degree)?|doctorate|high school diploma|diploma)\b(?:\s+(?:in|of)\b)?[\s,:–—-]*(.*)$/i;

const INSTITUTION =
  /\b(?:university|universit[äéà]t?|universidad|universidade|università|college|institute|institut|school|academy|polytechnic|politecnico|hochschule|école|ecole|conservatory|conservatoire)\b/iu;

interface Degree {
  degree: string;
  area: string | null;
}

export function parseDegree(text: string): Degree | null {
  const m = DEGREE_ABBREVIATION.exec(text) ?? DEGREE_WORDS.exec(text);
  if (!m) return null;
  const area = m[2]!.trim().replace(/[,;]$/, '');
  return { degree: m[1]!.trim(), area: area === '' ? null : area };
}

/** The parts of a line, with a comma split only where it separates a degree from a school. */
function educationPieces(text: string): string[] {
  const out: string[] = [];
  for (const piece of splitPieces(text)) {
    const parts = piece.split(/\s*,\s*/).filter(Boolean);
    if (parts.length > 1 && parts.some((part) => parseDegree(part) !== null)) {
      // Rejoin the non-degree parts ("University of California, Berkeley") around the degree.
      let school: string[] = [];
      for (const part of parts) {
        if (parseDegree(part)) {
          if (school.length > 0) out.push(school.join(', '));
          school = [];
          out.push(part);
        } else {
          school.push(part);
        }
      }
      if (school.length > 0) out.push(school.join(', '));
    } else {
      out.push(piece);
    }
  }
  return out;
}

export function parseEducationSection(lines: ResumeLine[]): EducationEntry[] {
  const entries: EducationEntry[] = [];
  /** The school being read, and parts of its lines that may turn out to be its name. */
  const state: { current: EducationEntry | null; unnamed: string[] } = { current: null, unnamed: [] };

  const finish = (): void => {
    const entry = state.current;
    if (entry) {
      if (entry.institution === '' && state.unnamed.length > 0) entry.institution = state.unnamed[0]!;
      if (entry.institution !== '' || entry.degree !== null) entries.push(entry);
    }
    state.current = null;
    state.unnamed = [];
  };
  const open = (): EducationEntry => {
    state.current ??= { institution: '', degree: null, area: null, startDate: null, endDate: null };
    return state.current;
  };

  for (const line of lines) {
    if (line.bullet || isProse(line.text)) continue;
    let text = line.text;
    const dates = findDates(text);
    if (dates) text = removeDates(text, dates);
    const pieces = educationPieces(text).filter((piece) => !isLocation(piece));
    const degrees = pieces.map(parseDegree);
    const institution = pieces.find((piece, i) => degrees[i] === null && INSTITUTION.test(piece));
    const degree = degrees.find((d) => d !== null) ?? null;

    const entry = state.current;
    const clash =
      entry !== null &&
      ((institution !== undefined && entry.institution !== '') ||
        (degree !== null && entry.degree !== null) ||
        (dates !== null && entry.endDate !== null));
    if (clash) finish();
    const target = open();
    if (institution) target.institution = institution;
    if (degree) {
      target.degree = degree.degree;
      target.area = degree.area;
    }
    if (dates) {
      target.startDate = dates.isRange ? dates.startDate : null;
      target.endDate = dates.endDate;
    }
    // A school named without "University" or "College" ("ETH Zürich"): the line's other part.
    for (const [i, piece] of pieces.entries()) {
      if (degrees[i] === null && piece !== institution && wordCount(piece) <= 8 && !/\d/.test(piece)) {
        state.unnamed.push(piece);
      }
    }
  }
  finish();
  return entries;
}

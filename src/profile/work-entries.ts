import { type DateRange, findDates, removeDates } from './dates.js';
import type { ResumeLine } from './lines.js';
import { hasTitleWord, isCompanySuffix, isLocation, isProse, splitPieces, wordCount } from './text-pieces.js';
import type { WorkEntry } from './types.js';

/**
 * Jobs in an Experience section. A job starts at its header: one to three lines holding the title,
 * the employer, the dates and maybe the place, in any of the usual arrangements:
 *   "Senior Engineer, Acme" / "Acme — Senior Engineer" / "Senior Engineer at Acme"
 *   "Acme Corp      Berlin" + "Senior Engineer      Jan 2020 - Present" (two columns)
 *   "### Senior Engineer, Acme" + "*Mar 2021 – Present* · Berlin"
 * Every line after a header, up to the next one, is one of that job's bullets.
 */

export interface RoleHeader {
  title: string;
  employer: string;
  location: string | null;
  dates: DateRange | null;
}

type Hint = 'title' | 'employer' | null;
interface Piece {
  text: string;
  hint: Hint;
}

const AT_SPLIT = /^(.+?)\s+(?:at|@)\s+(.+)$/;

/** Splits comma parts, keeping "Acme, Inc." together, and moves a trailing place out. */
function splitCommaParts(text: string): { parts: string[]; location: string | null } {
  const parts: string[] = [];
  for (const part of text.split(/\s*,\s*/)) {
    if (parts.length > 0 && isCompanySuffix(part)) parts[parts.length - 1] += `, ${part}`;
    else if (part !== '') parts.push(part);
  }
  for (let keep = 1; keep < parts.length; keep++) {
    const tail = parts.slice(keep).join(', ');
    if (isLocation(tail)) return { parts: parts.slice(0, keep), location: tail };
  }
  return { parts, location: null };
}

/** Reads one job header (its lines in order) into title, employer, place and dates. */
export function parseRoleHeader(texts: string[]): RoleHeader {
  let dates: DateRange | null = null;
  let location: string | null = null;
  const pieces: Piece[] = [];

  for (const raw of texts) {
    let text = raw;
    const found: DateRange | null = dates ? null : findDates(text);
    if (found) {
      dates = found;
      text = removeDates(text, found);
    }
    for (const piece of splitPieces(text)) {
      if (isLocation(piece)) {
        location ??= piece;
        continue;
      }
      const at = AT_SPLIT.exec(piece);
      if (at && !at[1]!.includes(',') && hasTitleWord(at[1]!)) {
        const right = splitCommaParts(at[2]!);
        location ??= right.location;
        pieces.push({ text: at[1]!, hint: 'title' }, { text: right.parts.join(', '), hint: 'employer' });
        continue;
      }
      const { parts, location: place } = splitCommaParts(piece);
      location ??= place;
      if (parts.length >= 2) {
        const first = parts[0]!;
        const rest = parts.slice(1).join(', ');
        // "Title, Employer" by convention, unless only the second part reads as a title.
        const titleFirst = hasTitleWord(first) || !hasTitleWord(rest);
        pieces.push(
          { text: titleFirst ? first : rest, hint: 'title' },
          { text: titleFirst ? rest : first, hint: 'employer' },
        );
      } else if (parts.length === 1) {
        pieces.push({ text: parts[0]!, hint: null });
      }
    }
  }
  return { ...assignRoles(pieces, location), dates };
}

function assignRoles(pieces: Piece[], place: string | null): Omit<RoleHeader, 'dates'> {
  let location = place;
  const take = (piece: Piece | undefined): string => {
    if (!piece) return '';
    pieces.splice(pieces.indexOf(piece), 1);
    return piece.text;
  };
  let title = take(pieces.find((p) => p.hint === 'title'));
  let employer = take(pieces.find((p) => p.hint === 'employer'));
  if (title === '') title = take(pieces.find((p) => hasTitleWord(p.text)));
  // Without a title word: "Employer — Title" (dash or line order), the usual resume convention.
  if (employer === '') employer = take(pieces[0]);
  if (title === '' && pieces.length > 0) title = take(pieces[0]);
  const leftover = pieces[0]?.text;
  if (location === null && leftover && wordCount(leftover) <= 3 && !/\d/.test(leftover)) location = leftover;
  return { title, employer, location };
}

const incomplete = (header: RoleHeader): boolean => header.title === '' || header.employer === '';

interface HeaderSpan {
  start: number;
  end: number;
  header: RoleHeader;
}

export function parseWorkSection(lines: ResumeLine[]): WorkEntry[] {
  const claimed = lines.map(() => false);
  const headerLike = (i: number): boolean => {
    const line = lines[i];
    if (!line || line.bullet || claimed[i] || isProse(line.text)) return false;
    return wordCount(line.text) <= 14 && (!/\.$/.test(line.text) || wordCount(line.text) <= 4);
  };
  const datedAt = lines.map((line, i) => {
    if (!headerLike(i)) return false;
    const dates = findDates(line.text);
    return dates !== null && (dates.isRange || wordCount(removeDates(line.text, dates)) <= 8);
  });
  const spans: HeaderSpan[] = [];

  const grow = (anchor: number): void => {
    let start = anchor;
    let end = anchor;
    const texts = (): string[] => lines.slice(start, end + 1).map((line) => line.text);
    let header = parseRoleHeader(texts());
    // Back: the title or employer line above the dated line; across a blank line only a heading.
    while (incomplete(header) && anchor - start < 2 && headerLike(start - 1) && !datedAt[start - 1]) {
      const above = lines[start - 1]!;
      const below = lines[start]!;
      if (below.blankBefore && above.level === null && !above.strong) break;
      start -= 1;
      header = parseRoleHeader(texts());
    }
    // Forward: what is still missing (no blank line between), then a line that only gives the place.
    while (end - anchor < 2 && headerLike(end + 1) && !datedAt[end + 1]) {
      const next = lines[end + 1]!;
      const placeOnly = isLocation(next.text) && header.location === null;
      if (!placeOnly && (!incomplete(header) || next.blankBefore)) break;
      end += 1;
      header = parseRoleHeader(texts());
    }
    for (let i = start; i <= end; i++) claimed[i] = true;
    spans.push({ start, end, header });
  };

  datedAt.forEach((dated, i) => {
    if (dated && !claimed[i]) grow(i);
  });
  // Jobs without dates: a heading or bold line that no dated header took. Where other jobs have
  // dates, it must name both title and employer, so a bold "Key achievements" stays a bullet.
  const undatedOnly = spans.length === 0;
  lines.forEach((line, i) => {
    if (claimed[i] || (line.level === null && !line.strong) || !headerLike(i)) return;
    if (undatedOnly || !incomplete(parseRoleHeader([line.text]))) grow(i);
  });

  spans.sort((a, b) => a.start - b.start);
  const entries: WorkEntry[] = [];
  spans.forEach((span, n) => {
    const { title, employer, location, dates } = span.header;
    if (title === '' && employer === '') return;
    const nextStart = spans[n + 1]?.start ?? lines.length;
    const bullets = lines.slice(span.end + 1, nextStart).map((line) => line.text);
    entries.push({
      employer,
      title,
      location,
      startDate: dates?.startDate ?? null,
      endDate: dates?.endDate ?? null,
      bullets,
    });
  });
  return entries;
}

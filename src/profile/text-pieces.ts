/**
 * Splitting a resume line into its parts ("Acme Corp — Senior Engineer   Berlin, Germany") and
 * telling the parts apart: job titles, company names, places. Shared by the header, work and
 * education parsers.
 */

/** Separators that never occur inside a title, employer or place: column gaps, pipes, dots, dashes. */
const STRONG_SEPARATOR = /\s{3,}|\t+|\s*\|\s*|\s+[·•∙]\s+|\s+[—–‒―]\s+|\s+-\s+|\s+\/\/\s+/u;

/** The parts of a line between strong separators, trimmed of stray punctuation. */
export function splitPieces(text: string): string[] {
  return text
    .split(new RegExp(STRONG_SEPARATOR.source, 'gu'))
    .map(cleanPiece)
    .filter((piece) => piece !== '');
}

/** Trims spaces and the punctuation a split leaves at either end (",", ":", "(", ")"). */
export function cleanPiece(piece: string): string {
  let out = piece.trim().replace(/^[,;:|·•\s)\]]+|[,;:|·•\s([]+$/gu, '');
  // A bracket only at one end was cut off from its partner by the split.
  if (out.startsWith('(') && !out.includes(')')) out = out.slice(1);
  if (out.endsWith(')') && !out.includes('(')) out = out.slice(0, -1);
  if (/^\(.*\)$/.test(out)) out = out.slice(1, -1);
  return out.trim();
}

/** Words that make a phrase a job title ("Backend Engineer", "Head of Data", "Intern"). */
const TITLE_WORDS = new Set(
  `engineer engineers developer developers programmer architect manager designer analyst scientist
  consultant specialist administrator admin lead director head officer intern internship coordinator
  technician researcher founder co-founder cofounder cto ceo cfo coo cio cpo vp president owner
  strategist writer editor accountant tester qa sre devops teacher instructor lecturer professor
  assistant representative executive advisor contractor freelancer freelance recruiter nurse marketer
  associate fellow principal staff supervisor producer artist animator copywriter ux ui dba
  mathematician statistician economist attorney lawyer paralegal therapist physician pharmacist
  clerk cashier operator mechanic electrician trainee apprentice volunteer tutor partner chief`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that make a phrase a company, school or other organisation. */
const ORGANISATION_WORDS = new Set(
  `inc inc. llc ltd ltd. limited corp corp. corporation co co. company gmbh ag sa s.a. plc bv b.v. oy
  ab as a/s kg nv srl spa pty group holdings labs lab technologies technology systems solutions studio
  studios bank capital partners ventures agency software media health university college institute
  school academy foundation`
    .split(/\s+/)
    .filter(Boolean),
);

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[\s,/()]+/)
    .filter(Boolean);

export function hasTitleWord(text: string): boolean {
  return wordsOf(text).some((word) => TITLE_WORDS.has(word.replace(/[.:;]+$/, '')));
}

export function hasOrganisationWord(text: string): boolean {
  return wordsOf(text).some((word) => ORGANISATION_WORDS.has(word));
}

/** A bare company suffix ("Inc.", "GmbH") that a comma split cut off from its name. */
export function isCompanySuffix(text: string): boolean {
  const words = wordsOf(text);
  return words.length === 1 && ORGANISATION_WORDS.has(words[0]!) && words[0]!.length <= 7;
}

const WORK_MODE = /^(?:fully\s+)?(?:remote|hybrid|on-?site|in-?office)\b/i;
const PLACE_WORD = String.raw`[\p{Lu}][\p{L}.'’-]*`;
const PLACE_NAME = String.raw`${PLACE_WORD}(?:\s+(?:${PLACE_WORD}|de|del|la|le|am|an|upon|on|of))*`;
/**
 * "Berlin, Germany", "Austin, TX", "San Francisco, CA, USA". A third part only after a state code,
 * so "Northwind Analytics, Seattle, WA" is a company and a place, not one place.
 */
const PLACE = new RegExp(String.raw`^${PLACE_NAME},\s*(?:${PLACE_NAME}|\p{Lu}{2},\s*\p{Lu}{2,3})$`, 'u');

/** True for a place or work mode; never for titles or organisations. */
export function isLocation(text: string): boolean {
  const piece = text.trim();
  if (piece === '' || piece.split(/\s+/).length > 6) return false;
  if (WORK_MODE.test(piece)) return true;
  if (!PLACE.test(piece)) return false;
  return !hasTitleWord(piece) && !hasOrganisationWord(piece);
}

/** Title case for a name written in capitals ("MAYA OKAFOR" -> "Maya Okafor"); others unchanged. */
export function fixCapitals(text: string): string {
  if (!/\p{Lu}{2}/u.test(text) || /\p{Ll}/u.test(text)) return text;
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, lead: string, letter: string) => {
    return lead + letter.toUpperCase();
  });
}

/** Counts words, for telling headings and job lines from sentences. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A sentence rather than a label: long, or ending in a full stop after several words. */
export function isProse(text: string): boolean {
  const words = wordCount(text);
  return words > 16 || (words >= 7 && /[.!?]$/.test(text.trim()));
}

/**
 * Dates as resumes write them ("Jan 2020", "03/2018", "2019", "2021-03-01", "Summer 2018") and the
 * ranges between them ("Jan 2020 - Present", "2019–2021"), normalised to "YYYY-MM" or "YYYY".
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const YEAR = String.raw`(?:19[5-9]\d|20\d\d)`;
const MONTH_NAME = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const SEASON = '(?:spring|summer|fall|autumn|winter)';
/** One date; the alternatives are tried longest first so "2021-03-01" is not read as "2021". */
const DATE = [
  String.raw`${YEAR}-[01]\d-[0-3]\d`,
  String.raw`${YEAR}[-/.][01]\d(?![\d])`,
  String.raw`[01]?\d[/.-]${YEAR}`,
  String.raw`${MONTH_NAME},?\s*'?${YEAR}`,
  String.raw`${SEASON}\s+${YEAR}`,
  YEAR,
].join('|');
const PRESENT = 'present|current(?:ly)?|now|today|ongoing|to date|till date';
const RANGE_SEP = String.raw`\s*(?:-|–|—|‒|―|~|→|to|until|till)\s*`;

const RANGE_RE = new RegExp(
  String.raw`(?<![\w/.-])(${DATE})${RANGE_SEP}(${DATE}|${PRESENT})(?![\w/-])`,
  'iu',
);
const SINCE_RE = new RegExp(String.raw`\b(?:since|from)\s+(${DATE})(?![\w/-])`, 'iu');
const SINGLE_RE = new RegExp(String.raw`(?<![\w/.-])(${DATE})(?![\w/-])`, 'iu');

export interface DateRange {
  startDate: string | null;
  /** null when the range runs to the present, or when no end was given. */
  endDate: string | null;
  /** True when the resume wrote "Present" (or "since ..."). */
  current: boolean;
  /** The matched text, so callers can remove it from the line. */
  text: string;
  /** A range ("A - B", "since A") rather than a lone date. */
  isRange: boolean;
}

const pad = (month: number): string => String(month).padStart(2, '0');

/** One written date to "YYYY-MM" or "YYYY"; null when it is not a date. */
export function normalizeDate(raw: string): string | null {
  const text = raw.trim().toLowerCase().replace(/'/g, '');
  let m = /^(\d{4})-(\d{2})(?:-\d{2})?(?:t.*)?$/.exec(text) ?? /^(\d{4})[/.](\d{2})$/.exec(text);
  if (m) return validMonth(m[1]!, Number(m[2]));
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return validMonth(m[2]!, Number(m[1]));
  m = /^([a-z]+)\.?,?\s*(\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS[m[1]!.slice(0, m[1]!.startsWith('sept') ? 4 : 3)];
    if (month !== undefined) return validMonth(m[2]!, month);
    if (new RegExp(`^${SEASON}$`).test(m[1]!)) return m[2]!;
    return null;
  }
  m = /^(\d{4})$/.exec(text);
  return m ? m[1]! : null;
}

function validMonth(year: string, month: number): string | null {
  return month >= 1 && month <= 12 ? `${year}-${pad(month)}` : null;
}

/** The first date range in `text` ("Jan 2020 - Present", "2019–2021", "since 2018"), else null. */
export function findDateRange(text: string): DateRange | null {
  const range = RANGE_RE.exec(text);
  if (range) {
    const startDate = normalizeDate(range[1]!);
    const current = new RegExp(`^(?:${PRESENT})$`, 'i').test(range[2]!.trim());
    const endDate = current ? null : normalizeDate(range[2]!);
    if (startDate && (current || endDate)) {
      return { startDate, endDate, current, text: range[0], isRange: true };
    }
  }
  const since = SINCE_RE.exec(text);
  if (since) {
    const startDate = normalizeDate(since[1]!);
    if (startDate) return { startDate, endDate: null, current: true, text: since[0], isRange: true };
  }
  return null;
}

/** A range if there is one, else a lone date (start = end = that date). */
export function findDates(text: string): DateRange | null {
  const range = findDateRange(text);
  if (range) return range;
  const single = SINGLE_RE.exec(text);
  const date = single ? normalizeDate(single[1]!) : null;
  if (!single || !date) return null;
  return { startDate: date, endDate: date, current: false, text: single[0], isRange: false };
}

/** `text` without the matched dates and the brackets or separators left around them. */
export function removeDates(text: string, range: DateRange): string {
  return text
    .replace(range.text, ' ')
    .replace(/[([]\s*[)\]]/g, ' ')
    .replace(/\s*[,|·•–—-]\s*$/u, '')
    .replace(/^\s*[,|·•–—-]\s*/u, '')
    .trim();
}

import type { JobListing, Salary, Workplace } from '../types.js';
import type { BoardRef } from './records.js';

/** Fields few boards have; a parser that reads none of them leaves them out. */
type RareField = 'countries' | 'team' | 'hiringOrganization' | 'validThrough' | 'salary';

export type ListingFields = Omit<JobListing, 'id' | 'kind' | 'board' | 'company' | RareField> &
  Partial<Pick<JobListing, RareField>>;

/** A JobListing with the stable id `${kind}:${board}:${jobId}`. */
export function makeListing(ref: BoardRef, fields: ListingFields): JobListing {
  return {
    id: `${ref.kind}:${ref.board}:${fields.jobId}`,
    kind: ref.kind,
    board: ref.board,
    company: ref.company,
    countries: [],
    team: null,
    hiringOrganization: null,
    validThrough: null,
    salary: null,
    ...fields,
  };
}

/**
 * A small memo for the values boards repeat (dates of one posting batch, country codes): a
 * 300-board scan made 60,000 Dates and asked ICU for the same few names thousands of times.
 * Cleared when full, so it never holds more than a scan's recent values.
 */
function memo<K, V>(compute: (key: K) => V, max = 4096): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}

const toIso = memo((value: string | number): string | null => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
});

/** ISO 8601 in UTC from an ISO string with any offset or epoch milliseconds; null if unusable. */
export function isoOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return toIso(value);
}

/** Trimmed, inner whitespace collapsed; null when nothing is left. */
export function cleanOrNull(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/** Distinct non-empty cleaned strings, in order. */
export function cleanList(values: ReadonlyArray<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const text = cleanOrNull(v);
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

/**
 * A board's work-mode word ("hybrid", "On-site", "TELECOMMUTE", "Remote") as a Workplace; null for
 * "unspecified" and anything unknown, which means the board does not say.
 */
export function workplaceOf(value: string | null | undefined): Workplace {
  const word = value?.toLowerCase().replace(/[^a-z]/g, '') ?? '';
  if (word === '') return null;
  if (/^(remote|telecommute|fullyremote|remotefirst|wfh|workfromhome)$/.test(word)) return 'remote';
  if (word.startsWith('hybrid')) return 'hybrid';
  if (/^(onsite|inoffice|office|inperson)$/.test(word)) return 'onsite';
  return null;
}

/**
 * Boards without a work-mode field often say it in the location ("Hybrid - London", "Remote
 * (United States)"). A hit is an answer; no hit is "the board does not say", not on-site.
 */
export function workplaceFromLocations(locations: readonly string[]): Workplace {
  if (locations.some((l) => /\bhybrid\b/i.test(l))) return 'hybrid';
  if (locations.some((l) => /\bremote\b/i.test(l))) return 'remote';
  if (locations.some((l) => /\b(on-?site|in[- ]office)\b/i.test(l))) return 'onsite';
  return null;
}

/** schema.org and ATS codes in words; "OTHER" and blanks say nothing. */
const EMPLOYMENT_WORDS: Record<string, string | null> = {
  fulltime: 'Full-time',
  parttime: 'Part-time',
  contractor: 'Contract',
  contract: 'Contract',
  temporary: 'Temporary',
  intern: 'Internship',
  internship: 'Internship',
  volunteer: 'Volunteer',
  perdiem: 'Per diem',
  seasonal: 'Seasonal',
  other: null,
};

/** "FULL_TIME" -> "Full-time", "FullTime" -> "Full-time", "OTHER" -> null; other text as written. */
export function employmentTypeWords(values: ReadonlyArray<string | null | undefined>): string | null {
  const words = cleanList(
    values.map((v) => {
      const text = cleanOrNull(v);
      if (text === null) return null;
      const key = text.toLowerCase().replace(/[^a-z]/g, '');
      return Object.hasOwn(EMPLOYMENT_WORDS, key) ? EMPLOYMENT_WORDS[key] : text;
    }),
  );
  return words.length > 0 ? words.join(', ') : null;
}

/** Made on the first two-letter code: building it loads ICU's region names (~50 ms of CPU). */
let regionNames: Intl.DisplayNames | null = null;

/**
 * A country as boards give it (ISO code "GB", a name "United Kingdom") as its English name; null
 * for codes that name no country. Names pass through as written.
 */
export function countryName(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : knownCountry(value);
}

const knownCountry = memo((value: string): string | null => {
  const text = cleanOrNull(value);
  if (text === null) return null;
  if (/^[A-Za-z]{2}$/.test(text)) {
    try {
      regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
      return regionNames.of(text.toUpperCase()) ?? null;
    } catch {
      return null;
    }
  }
  return text;
});

const PERIODS: ReadonlyArray<[RegExp, NonNullable<Salary['period']>]> = [
  [/hour/i, 'hour'],
  [/day|daily/i, 'day'],
  [/week/i, 'week'],
  [/month/i, 'month'],
  [/year|annual|annum/i, 'year'],
];

/** "per-year-salary", "1 YEAR", "HOUR" -> the period; null when none is named. */
export function salaryPeriod(value: string | null | undefined): Salary['period'] {
  return PERIODS.find(([pattern]) => pattern.test(value ?? ''))?.[1] ?? null;
}

/** A Salary from amounts; `summary` (the board's own wording) is shown when there is one. */
export function makeSalary(
  min: number | null | undefined,
  max: number | null | undefined,
  currency: string | null | undefined,
  period: Salary['period'],
  summary?: string | null,
): Salary | null {
  const low = typeof min === 'number' && Number.isFinite(min) ? min : null;
  const high = typeof max === 'number' && Number.isFinite(max) ? max : null;
  const board = cleanOrNull(summary);
  if (low === null && high === null && board === null) return null;
  const unit = cleanOrNull(currency)?.toUpperCase() ?? null;
  const amount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const range =
    low !== null && high !== null && low !== high ? `${amount(low)}-${amount(high)}` : amount((low ?? high)!);
  const text =
    board ??
    [unit, low === null && high === null ? '' : range, period ? `a ${period}` : ''].filter(Boolean).join(' ');
  return { min: low, max: high ?? low, currency: unit, period, text };
}

import { countryName } from '../sources/shared/listing.js';
import { CITY_COUNTRIES } from './city-countries.js';
import { CANADIAN_PROVINCE_CODES, PLACE_ALIASES, US_STATE_CODES, US_STATE_NAMES } from './location-data.js';
import { foldText } from './normalize.js';

/**
 * The country that a free-text place names, for boards whose location is one string
 * ("London, England, United Kingdom", "San Francisco, CA"). A trailing two-letter code after a
 * city is read as people write it: "San Francisco, CA" is California (not Canada), "Berlin, DE"
 * Germany (not Delaware), "Toronto, ON" Canada; a trailing word is a country only when it names one
 * ("Seattle, Washington" is a state, so the United States).
 */

/**
 * Folded English country name (and common spellings) -> the name boards and job.json show. Built
 * on the first place that ends in a word, not at import: it asks ICU for 676 region names, and
 * building ICU's region names costs a start-up ~50 ms of CPU that most one-board runs never need.
 */
let countryByFolded: ReadonlyMap<string, string> | null = null;

function buildCountryByFolded(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const name = countryName(`${a}${b}`);
      if (name !== null && name !== `${a}${b}`) map.set(foldText(name), name);
    }
  }
  for (const [alias, place] of Object.entries(PLACE_ALIASES)) {
    const name = map.get(place);
    if (name !== undefined) map.set(alias, name);
  }
  return map;
}

// ICU's English names for US and CA (what countryName gives, and a test holds them to it), written
// out so that a state or province code asks ICU for nothing.
const UNITED_STATES = 'United States';
const CANADA = 'Canada';

/** What a two-letter code after a city means; folded city, folded code. */
export function cityCodeCountry(city: string, code: string): string | null {
  // ICU is asked only when the answer needs it: "Austin, TX" is settled by the state codes.
  const iso = (): string | null => (code.length === 2 ? countryName(code) : null);
  const known = CITY_COUNTRIES.get(city);
  if (known !== undefined) {
    const name = iso();
    if (name !== null && foldText(name) === known) return name;
  }
  if (US_STATE_CODES.has(code)) return UNITED_STATES;
  if (CANADIAN_PROVINCE_CODES.has(code)) return CANADA;
  return iso();
}

/** The country at the end of a free-text place, or null when its last part names none. */
export function countryOfPlace(place: string): string | null {
  const parts = place
    .split(',')
    .map((p) => foldText(p))
    .filter(Boolean);
  if (parts.length < 2) return null;
  const last = parts.at(-1)!;
  // "City, Region, XX" ends with the country's code; "City, XX" may end with a state's.
  if (last.length === 2) return parts.length > 2 ? countryName(last) : cityCodeCountry(parts.at(-2)!, last);
  if (US_STATE_NAMES.has(last)) return UNITED_STATES;
  countryByFolded ??= buildCountryByFolded();
  return countryByFolded.get(last) ?? null;
}

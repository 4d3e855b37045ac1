import type { SearchConfig } from '../config/schema.js';
import type { JobListing, Workplace } from '../sources/types.js';
import { CITY_COUNTRIES } from './city-countries.js';
import { EUROPEAN_COUNTRIES, PLACE_ALIASES, US_STATE_CODES, US_STATE_NAMES } from './location-data.js';
import { foldText } from './normalize.js';
import { cityCodeCountry } from './place-country.js';

/**
 * Location and remote fit, 0..1, with its reason. A listing fits when one of its locations names
 * a preferred place (after aliases: "NYC" = "New York", "San Francisco, CA" is in the "United
 * States", "Berlin, Germany" in "Europe"). Remote listings fit when unrestricted or restricted to
 * a region the user prefers; restricted elsewhere they fit half. The countries a board names
 * count as part of every location ("London" with Lever's "GB"), and the larger cities' countries
 * are known ("London" alone is in the United Kingdom). A work mode that `search.remote` does not
 * list costs a penalty rather than dropping the job.
 */

export const LOCATION_TUNING = {
  /** A remote job limited to a region the user did not name. */
  remoteElsewhere: 0.5,
  /** The listing names no location at all. */
  unknownLocation: 0.5,
  /** Points taken when the job is remote and the user wants on-site only, or the reverse. */
  remoteMismatchPenalty: 10,
} as const;

export interface LocationFit {
  /** 0..1 share of the location weight. */
  part: number;
  kind: 'location' | 'remote';
  detail: string;
  /** Points to subtract (positive number) when the work mode contradicts `search.remote`. */
  penalty: number;
  penaltyDetail: string | null;
}

export interface LocationMatcher {
  fit(listing: Pick<JobListing, 'locations' | 'countries' | 'workplace'>): LocationFit;
}

const REMOTE_WORDS =
  /\b(remote|anywhere|worldwide|wfh|telecommute|work from home|home office|fully distributed)\b/;
const REMOTE_WORDS_ALL = new RegExp(REMOTE_WORDS.source, 'g');
const pad = (s: string): string => ` ${s} `;
const MODE_WORDS: Record<NonNullable<Workplace>, string> = {
  onsite: 'on-site',
  hybrid: 'hybrid',
  remote: 'remote',
};

/**
 * What a trailing two-letter code means after a city: "Berlin, DE" is Germany (the city's own
 * country code), "Wilmington, DE" Delaware, "Toronto, ON" Canada, "Paris, FR" France.
 */
function codeNames(city: string, code: string): string[] {
  const country = cityCodeCountry(city, code);
  if (country === null) return [];
  const folded = foldPreference(country);
  const state = US_STATE_CODES.get(code);
  return folded === 'united states' && state !== undefined ? [state, folded] : [folded];
}

/** A folded place with every name it implies appended: "austin tx texas united states north america". */
function expandPlace(text: string): string {
  const parts = text.split(/[,/|(]| - | – /).map((p) => foldText(p));
  const names = [foldText(text)];
  const last = parts.at(-1) ?? '';
  if (parts.length > 1 && last.length === 2) names.push(...codeNames(parts.at(-2) ?? '', last));
  for (const part of parts) {
    if (US_STATE_NAMES.has(part)) names.push('united states');
    const country = CITY_COUNTRIES.get(part);
    if (country !== undefined && !(parts.length > 1 && last.length === 2)) names.push(country);
  }
  const joined = pad(names.join(' '));
  for (const [alias, place] of Object.entries(PLACE_ALIASES)) {
    if (joined.includes(pad(alias))) names.push(place);
  }
  let all = pad(names.join(' '));
  for (const country of EUROPEAN_COUNTRIES) {
    if (all.includes(pad(country))) {
      names.push('europe');
      break;
    }
  }
  if (all.includes(' united states ') || all.includes(' canada ')) names.push('north america');
  all = pad(names.join(' '));
  return all;
}

function foldPreference(place: string): string {
  const folded = foldText(place);
  return PLACE_ALIASES[folded] ?? folded;
}

/** Regions containing a preferred place, so a remote job "in Europe" suits someone preferring Germany. */
function regionsOf(preference: string): string[] {
  const regions = [preference];
  if (EUROPEAN_COUNTRIES.has(preference)) regions.push('europe');
  if (preference === 'united states' || preference === 'canada' || US_STATE_NAMES.has(preference)) {
    regions.push('north america');
    if (US_STATE_NAMES.has(preference)) regions.push('united states');
  }
  return regions;
}

export function createLocationMatcher(search: Pick<SearchConfig, 'locations' | 'remote'>): LocationMatcher {
  const folded = search.locations.map((place) => ({ place, folded: foldPreference(place) }));
  const wantsAnyRemote = folded.some((p) => REMOTE_WORDS.test(p.folded));
  const preferences = folded.filter((p) => !REMOTE_WORDS.test(p.folded) && p.folded !== '');
  const anywhere = preferences.length === 0 || preferences.some((p) => p.folded === 'worldwide');
  const expandedCache = new Map<string, string>();

  const expanded = (location: string): string => {
    let hit = expandedCache.get(location);
    if (hit === undefined) {
      hit = expandPlace(location);
      if (expandedCache.size >= 20_000) expandedCache.clear();
      expandedCache.set(location, hit);
    }
    return hit;
  };

  const preferredIn = (place: string, widen: boolean): string | null => {
    for (const p of preferences) {
      const names = widen ? regionsOf(p.folded) : [p.folded];
      if (names.some((name) => place.includes(pad(name)))) return p.place;
    }
    return null;
  };

  const plain = (part: number, kind: LocationFit['kind'], detail: string): LocationFit => ({
    part,
    kind,
    detail,
    penalty: 0,
    penaltyDetail: null,
  });

  const modes = search.remote;
  const remoteAllowed = modes === null || modes.includes('remote');

  return {
    fit(listing) {
      const countries = listing.countries.map(expanded).join(' ');
      const places = (listing.locations.length > 0 ? listing.locations : listing.countries).map(
        (l) => `${expanded(l)}${countries}`,
      );
      const saysRemote = listing.locations.some((l) => REMOTE_WORDS.test(foldText(l)));
      const workplace: Workplace = listing.workplace ?? (saysRemote ? 'remote' : null);
      const isRemote = workplace === 'remote';
      const shown = listing.locations.join('; ') || listing.countries.join('; ') || 'no location given';
      const mode = workplace === null ? '' : ` (${MODE_WORDS[workplace]})`;

      // A job whose board does not say is taken as on-site, as most such jobs are.
      if (modes !== null && !modes.includes(workplace ?? 'onsite')) {
        const what = workplace === null ? 'on-site (the board does not say)' : MODE_WORDS[workplace];
        const wanted = modes.map((m) => MODE_WORDS[m]).join(' or ');
        return {
          ...plain(0, 'remote', `${what} job (${shown}); you want ${wanted}`),
          penalty: LOCATION_TUNING.remoteMismatchPenalty,
          penaltyDetail: `work mode: ${what}, but search.remote is ${modes.join(', ')}`,
        };
      }
      if (anywhere) {
        return isRemote && modes !== null
          ? plain(1, 'remote', `remote job (${shown}), as you want`)
          : plain(1, 'location', `${shown}${mode}: any location suits you`);
      }
      for (const [i, place] of places.entries()) {
        const preferred = preferredIn(place, false);
        if (preferred !== null) {
          const place = listing.locations[i] ?? listing.countries[i];
          return plain(1, 'location', `"${place}"${mode} is in your preferred "${preferred}"`);
        }
      }
      if (isRemote && remoteAllowed) {
        if (wantsAnyRemote) return plain(1, 'remote', `remote job (${shown}); you accept remote`);
        const regions = places.map((p) => p.replace(REMOTE_WORDS_ALL, ' ').trim()).filter((p) => p !== '');
        if (regions.length === 0) return plain(1, 'remote', `remote job with no region limit (${shown})`);
        for (const region of regions) {
          const preferred = preferredIn(pad(region), true);
          if (preferred !== null) return plain(1, 'remote', `remote job (${shown}) covers "${preferred}"`);
        }
        return plain(
          LOCATION_TUNING.remoteElsewhere,
          'remote',
          `remote job limited to ${shown}, outside your preferred ${preferences.map((p) => p.place).join(', ')}`,
        );
      }
      if (listing.locations.length === 0) {
        return plain(LOCATION_TUNING.unknownLocation, 'location', 'the listing gives no location');
      }
      return plain(
        0,
        'location',
        `${shown}${mode}: not in your preferred ${preferences.map((p) => p.place).join(', ')}`,
      );
    },
  };
}

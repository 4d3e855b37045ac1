import type { SearchConfig } from '../config/schema.js';
import type { JobListing } from '../sources/types.js';
import {
  CANADIAN_PROVINCE_CODES,
  EUROPEAN_COUNTRIES,
  PLACE_ALIASES,
  US_STATE_CODES,
  US_STATE_NAMES,
} from './location-data.js';
import { foldText } from './normalize.js';

/**
 * Location and remote fit, 0..1, with its reason. A listing fits when one of its locations names
 * a preferred place (after aliases: "NYC" = "New York", "San Francisco, CA" is in the "United
 * States", "Berlin, Germany" in "Europe"). Remote listings fit when unrestricted or restricted to
 * a region the user prefers; restricted elsewhere they fit half. `search.remote` true or false
 * turns the other kind of job into a penalty rather than dropping it.
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
  fit(listing: Pick<JobListing, 'locations' | 'remote'>): LocationFit;
}

const REMOTE_WORDS =
  /\b(remote|anywhere|worldwide|wfh|telecommute|work from home|home office|fully distributed)\b/;
const REMOTE_WORDS_ALL = new RegExp(REMOTE_WORDS.source, 'g');
const pad = (s: string): string => ` ${s} `;

/** A folded place with every name it implies appended: "austin tx texas united states north america". */
function expandPlace(text: string): string {
  const parts = text.split(/[,/|(]| - | – /).map((p) => foldText(p));
  const names = [foldText(text)];
  const last = parts.at(-1) ?? '';
  if (parts.length > 1 && US_STATE_CODES.has(last)) names.push(US_STATE_CODES.get(last)!, 'united states');
  if (parts.length > 1 && CANADIAN_PROVINCE_CODES.has(last)) names.push('canada');
  for (const part of parts) if (US_STATE_NAMES.has(part)) names.push('united states');
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
  const remoteAllowed = search.remote !== false;
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

  return {
    fit(listing) {
      const places = listing.locations.map(expanded);
      const saysRemote = places.some((p) => REMOTE_WORDS.test(p));
      const isRemote = listing.remote === true || (listing.remote === null && saysRemote);
      const shown = listing.locations.join('; ') || 'no location given';

      if (search.remote === true && !isRemote) {
        return {
          ...plain(0, 'remote', `on-site job (${shown}); you want remote only`),
          penalty: LOCATION_TUNING.remoteMismatchPenalty,
          penaltyDetail: 'work mode: on-site, but search.remote is true',
        };
      }
      if (search.remote === false && isRemote) {
        return {
          ...plain(0, 'remote', `remote job (${shown}); you want on-site only`),
          penalty: LOCATION_TUNING.remoteMismatchPenalty,
          penaltyDetail: 'work mode: remote, but search.remote is false',
        };
      }
      if (anywhere) {
        return isRemote && search.remote === true
          ? plain(1, 'remote', `remote job (${shown}), as you want`)
          : plain(1, 'location', `${shown}: any location suits you`);
      }
      for (const [i, place] of places.entries()) {
        const preferred = preferredIn(place, false);
        if (preferred !== null) {
          return plain(1, 'location', `"${listing.locations[i]}" is in your preferred "${preferred}"`);
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
        `${shown}: not in your preferred ${preferences.map((p) => p.place).join(', ')}`,
      );
    },
  };
}

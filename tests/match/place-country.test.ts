import { describe, expect, it } from 'vitest';
import { countryOfPlace } from '../../src/match/place-country.js';
import { parseGreenhouseJobs } from '../../src/sources/greenhouse/parse.js';
import { countryName } from '../../src/sources/shared/listing.js';
import { readBoardFixture } from '../simulator/shape.js';

/** Free-text places as boards write them (Greenhouse `offices[].location`), and their country. */
describe('the country at the end of a free-text place', () => {
  it.each([
    ['London, England, United Kingdom', 'United Kingdom'],
    ['New York, NY, United States', 'United States'],
    ['San Francisco, CA', 'United States'],
    ['Toronto, ON', 'Canada'],
    ['Vancouver, BC, CA', 'Canada'],
    ['Berlin, DE', 'Germany'],
    ['Wilmington, DE', 'United States'],
    ['Paris, FR', 'France'],
    ['Paris, TX', 'United States'],
    ['Seattle, Washington', 'United States'],
    ['Munich, Bavaria, Germany', 'Germany'],
    ['Remote, USA', 'United States'],
    ['London', null],
    ['Building 4, Floor 2', null],
  ])('%s -> %s', (place, country) => {
    expect(countryOfPlace(place)).toBe(country);
  });

  it('a state or province code names the country as ICU does (the names are written out there)', () => {
    expect(countryOfPlace('Austin, TX')).toBe(countryName('US'));
    expect(countryOfPlace('Seattle, Washington')).toBe(countryName('US'));
    expect(countryOfPlace('Calgary, AB')).toBe(countryName('CA'));
  });

  it('a Greenhouse office in "San Francisco, CA" is in the United States, not Canada', () => {
    const raw = readBoardFixture('greenhouse/smarterdx_jobs_content_true.json') as {
      jobs: Array<Record<string, unknown>>;
    };
    const job = raw.jobs[0]!;
    job['offices'] = [
      { id: 1, name: 'San Francisco', location: 'San Francisco, CA', child_ids: [], parent_id: null },
    ];
    job['location'] = { name: 'San Francisco, CA' };
    const ref = { kind: 'greenhouse', company: 's', board: 's', url: 'https://example.invalid/s' } as const;
    const [listing] = parseGreenhouseJobs(raw, ref).listings;
    expect(listing?.countries).toEqual(['United States']);
  });
});

import { describe, expect, it } from 'vitest';
import { SearchConfig } from '../../src/config/schema.js';
import { createLocationMatcher } from '../../src/match/location.js';
import type { Workplace } from '../../src/sources/types.js';

type SearchInput = Omit<Partial<SearchConfig>, 'remote'> & { remote?: unknown };
const fitFor = (
  search: SearchInput,
  locations: string[],
  workplace: Workplace = null,
  countries: string[] = [],
) => createLocationMatcher(SearchConfig.parse(search)).fit({ locations, workplace, countries });

describe('location fit', () => {
  it('suits any location when none is preferred', () => {
    const fit = fitFor({}, ['Austin, TX']);
    expect(fit).toMatchObject({ part: 1, kind: 'location', penalty: 0 });
    expect(fit.detail).toBe('Austin, TX: any location suits you');
  });

  it('matches a preferred city inside a longer location', () => {
    expect(fitFor({ locations: ['Berlin'] }, ['Berlin, Germany']).part).toBe(1);
    expect(fitFor({ locations: ['Berlin'] }, ['London, United Kingdom']).part).toBe(0);
    expect(fitFor({ locations: ['Berlin'] }, ['London, United Kingdom']).detail).toBe(
      'London, United Kingdom: not in your preferred Berlin',
    );
  });

  it('takes the best of several locations', () => {
    const fit = fitFor({ locations: ['Berlin'] }, ['London, United Kingdom', 'Berlin, Germany']);
    expect(fit.part).toBe(1);
    expect(fit.detail).toBe('"Berlin, Germany" is in your preferred "Berlin"');
  });

  it('knows US state codes, country aliases and city nicknames', () => {
    expect(fitFor({ locations: ['United States'] }, ['San Francisco, CA']).part).toBe(1);
    expect(fitFor({ locations: ['USA'] }, ['Austin, Texas']).part).toBe(1);
    expect(fitFor({ locations: ['United States'] }, ['Toronto, ON']).part).toBe(0);
    expect(fitFor({ locations: ['NYC'] }, ['New York, NY']).part).toBe(1);
    expect(fitFor({ locations: ['UK'] }, ['London, England']).part).toBe(1);
    expect(fitFor({ locations: ['Europe'] }, ['Amsterdam, Netherlands']).part).toBe(1);
  });

  it('folds accents on both sides', () => {
    expect(fitFor({ locations: ['Sao Paulo'] }, ['São Paulo, Brazil']).part).toBe(1);
    expect(fitFor({ locations: ['Zürich'] }, ['Zurich, Switzerland']).part).toBe(1);
  });

  it('scores remote jobs by the region they allow', () => {
    expect(fitFor({ locations: ['Germany'] }, ['Remote - Europe']).part).toBe(1);
    expect(fitFor({ locations: ['United States'] }, ['Remote - US']).part).toBe(1);
    expect(fitFor({ locations: ['Berlin'] }, ['Remote']).part).toBe(1);
    const elsewhere = fitFor({ locations: ['Berlin'] }, ['Remote - US']);
    expect(elsewhere).toMatchObject({ part: 0.5, kind: 'remote' });
    expect(elsewhere.detail).toBe('remote job limited to Remote - US, outside your preferred Berlin');
    expect(fitFor({ locations: ['Remote'] }, ['Remote - US']).part).toBe(1);
  });

  it('trusts the board remote flag over the location text', () => {
    expect(fitFor({ remote: true }, ['Berlin, Germany'], 'remote').penalty).toBe(0);
    expect(fitFor({ remote: true }, ['Remote - Europe'], 'onsite').penalty).toBe(10);
  });

  it('penalises a work mode that contradicts search.remote', () => {
    const onsite = fitFor({ remote: true }, ['Berlin, Germany']);
    expect(onsite).toMatchObject({ part: 0, kind: 'remote', penalty: 10 });
    expect(onsite.penaltyDetail).toBe(
      'work mode: on-site (the board does not say), but search.remote is remote',
    );
    const remote = fitFor({ remote: false }, ['Remote - Europe']);
    expect(remote).toMatchObject({ part: 0, penalty: 10 });
    expect(fitFor({ remote: true }, ['Remote - Europe'])).toMatchObject({
      part: 1,
      kind: 'remote',
      penalty: 0,
    });
  });

  it('gives half when the listing names no location', () => {
    expect(fitFor({ locations: ['Berlin'] }, []).part).toBe(0.5);
  });

  it('knows the countries of larger cities and keeps the country the board gives', () => {
    const uk = { locations: ['United Kingdom'] };
    expect(fitFor(uk, ['London'])).toMatchObject({ part: 1 });
    expect(fitFor(uk, ['London']).detail).toBe('"London" is in your preferred "United Kingdom"');
    expect(fitFor(uk, ['Hybrid - London'], 'hybrid').detail).toBe(
      '"Hybrid - London" (hybrid) is in your preferred "United Kingdom"',
    );
    // Lever: categories.location "London" with country "GB".
    expect(fitFor(uk, ['Office 3'], 'onsite', ['United Kingdom']).part).toBe(1);
    expect(fitFor({ locations: ['Germany'] }, ['Berlin, DE']).part).toBe(1);
    expect(fitFor({ locations: ['Delaware'] }, ['Berlin, DE']).part).toBe(0);
    expect(fitFor({ locations: ['Delaware'] }, ['Wilmington, DE']).part).toBe(1);
    expect(fitFor({ locations: ['United States'] }, ['Paris, TX']).part).toBe(1);
    expect(fitFor({ locations: ['France'] }, ['Paris, TX']).part).toBe(0);
    expect(fitFor({ locations: ['India'] }, ['Mumbai, IN']).part).toBe(1);
    expect(fitFor({ locations: ['Japan'] }, ['Tokyo']).part).toBe(1);
  });

  it('reads search.remote as work modes, and the old boolean by its mapping', () => {
    expect(SearchConfig.parse({ remote: true }).remote).toEqual(['remote']);
    expect(SearchConfig.parse({ remote: false }).remote).toEqual(['onsite', 'hybrid']);
    expect(SearchConfig.parse({ remote: 'hybrid' }).remote).toEqual(['hybrid']);
    expect(SearchConfig.parse({ remote: ['remote', 'hybrid'] }).remote).toEqual(['remote', 'hybrid']);
    expect(SearchConfig.parse({}).remote).toBeNull();
    expect(() => SearchConfig.parse({ remote: 'sometimes' })).toThrow();

    const hybridOnly = { locations: ['United Kingdom'], remote: 'hybrid' };
    expect(fitFor(hybridOnly, ['London'], 'hybrid').penalty).toBe(0);
    const onsite = fitFor(hybridOnly, ['London'], 'onsite');
    expect(onsite).toMatchObject({
      penalty: 10,
      penaltyDetail: 'work mode: on-site, but search.remote is hybrid',
    });
    expect(fitFor({ remote: false }, ['London'], 'hybrid').penalty).toBe(0);
    expect(fitFor({ remote: ['remote', 'hybrid'] }, ['Remote - Europe'], 'remote').penalty).toBe(0);
  });
});

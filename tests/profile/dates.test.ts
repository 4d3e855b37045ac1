import { describe, expect, it } from 'vitest';
import { findDateRange, findDates, normalizeDate, removeDates } from '../../src/profile/dates.js';

describe('normalizeDate', () => {
  it.each([
    ['2021-03-01', '2021-03'],
    ['2021-03', '2021-03'],
    ['2021/03', '2021-03'],
    ['03/2018', '2018-03'],
    ['3/2018', '2018-03'],
    ['Jan 2020', '2020-01'],
    ['January 2020', '2020-01'],
    ['Sept. 2019', '2019-09'],
    ['September, 2019', '2019-09'],
    ['Summer 2018', '2018'],
    ['2019', '2019'],
    ['13/2019', null],
    ['Smarch 2019', null],
    ['soon', null],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeDate(raw)).toBe(expected);
  });
});

describe('findDateRange', () => {
  it.each([
    ['Jan 2020 - Present', '2020-01', null, true],
    ['2019–2021', '2019', '2021', false],
    ['2019 — 2021', '2019', '2021', false],
    ['03/2018 - 12/2019', '2018-03', '2019-12', false],
    ['Mar 2021 to Current', '2021-03', null, true],
    ['since 2018', '2018', null, true],
    ['2021-03-01 – 2022-01-15', '2021-03', '2022-01', false],
    ['Oct 2014 – Sep 2016', '2014-10', '2016-09', false],
  ])('%s', (text, start, end, current) => {
    const range = findDateRange(`Acme Corp | ${text} | Berlin`);
    expect(range).toMatchObject({ startDate: start, endDate: end, current, isRange: true });
  });

  it('ignores numbers that are not dates', () => {
    expect(findDateRange('Handled 2M requests, 1200-1500 per second')).toBeNull();
    expect(findDates('Cut costs by 35% across 14 services')).toBeNull();
  });

  it('a lone date is start and end', () => {
    expect(findDates('Graduated May 2016')).toMatchObject({
      startDate: '2016-05',
      endDate: '2016-05',
      isRange: false,
    });
  });

  it('removeDates leaves the rest without dangling separators or brackets', () => {
    const line = 'Backend Engineer, Cargoline (2019–2021)';
    expect(removeDates(line, findDateRange(line)!)).toBe('Backend Engineer, Cargoline');
    const md = 'Mar 2021 – Present · Berlin, Germany';
    expect(removeDates(md, findDateRange(md)!)).toBe('Berlin, Germany');
  });
});

import { describe, expect, it } from 'vitest';
import { deriveTargetRoles, stripSeniority } from '../../src/profile/build-profile.js';
import type { WorkEntry } from '../../src/profile/types.js';

const job = (title: string, startDate: string | null, endDate: string | null): WorkEntry => ({
  employer: 'Acme',
  title,
  location: null,
  startDate,
  endDate,
  bullets: [],
});

describe('stripSeniority', () => {
  it.each([
    ['Senior Backend Engineer', 'Backend Engineer'],
    ['Sr. Data Engineer', 'Data Engineer'],
    ['Junior Developer', 'Developer'],
    ['Lead Product Designer', 'Product Designer'],
    ['Senior Staff Engineer', 'Engineer'],
    ['Software Engineer II', 'Software Engineer'],
    ['Principal Engineer (Contract)', 'Engineer'],
    ['Tech Lead', 'Tech Lead'],
    ['Senior', 'Senior'],
  ])('%s -> %s', (title, role) => {
    expect(stripSeniority(title)).toBe(role);
  });
});

describe('deriveTargetRoles', () => {
  it('takes the two most recent titles, whatever order the resume lists them in', () => {
    const work = [
      job('Junior Developer', '2014-01', '2016-01'),
      job('Senior Platform Engineer', '2020-01', null),
      job('Site Reliability Engineer', '2016-02', '2019-12'),
    ];
    expect(deriveTargetRoles(work, [])).toEqual(['Platform Engineer', 'Site Reliability Engineer']);
  });

  it('undated jobs keep the resume order; duplicates after stripping collapse', () => {
    const work = [
      job('Senior Data Engineer', null, null),
      job('Data Engineer', null, null),
      job('Analyst', null, null),
    ];
    expect(deriveTargetRoles(work, [])).toEqual(['Data Engineer']);
  });

  it('configured roles win, trimmed and deduplicated', () => {
    expect(deriveTargetRoles([job('Engineer', '2020', null)], [' SRE ', 'sre', 'Platform Engineer'])).toEqual(
      ['SRE', 'Platform Engineer'],
    );
  });

  it('no jobs and no config: no roles, nothing invented', () => {
    expect(deriveTargetRoles([], [])).toEqual([]);
  });
});

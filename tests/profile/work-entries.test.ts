import { describe, expect, it } from 'vitest';
import { parseEducationSection } from '../../src/profile/education.js';
import { parseHeader } from '../../src/profile/header.js';
import { joinContinuations } from '../../src/profile/lines.js';
import { markdownToLines, plainTextToLines } from '../../src/profile/read-text.js';
import { parseRoleHeader, parseWorkSection } from '../../src/profile/work-entries.js';

const roles = (lines: string[]) => {
  const { title, employer, location, dates } = parseRoleHeader(lines);
  return { title, employer, location, start: dates?.startDate ?? null, end: dates?.endDate ?? null };
};

describe('parseRoleHeader: the usual job-line layouts', () => {
  it.each([
    [['Senior Engineer, Acme Corp'], 'Senior Engineer', 'Acme Corp', null],
    [['Acme Corp — Senior Engineer'], 'Senior Engineer', 'Acme Corp', null],
    [['Senior Engineer at Acme Corp'], 'Senior Engineer', 'Acme Corp', null],
    [['Senior Engineer @ Acme Corp'], 'Senior Engineer', 'Acme Corp', null],
    [['Senior Engineer | Acme Corp | Berlin, Germany'], 'Senior Engineer', 'Acme Corp', 'Berlin, Germany'],
    [['Acme, Inc. - Staff Designer'], 'Staff Designer', 'Acme, Inc.', null],
    [['Lead Designer at Maple Health, Toronto, ON'], 'Lead Designer', 'Maple Health', 'Toronto, ON'],
    [
      ['Research Assistant, University of Texas at Austin'],
      'Research Assistant',
      'University of Texas at Austin',
      null,
    ],
    [
      ['Acme Corp   Remote', 'Platform Engineer   Jan 2020 - Present'],
      'Platform Engineer',
      'Acme Corp',
      'Remote',
    ],
    [['Globex — Owner'], 'Owner', 'Globex', null],
  ])('%j', (lines, title, employer, location) => {
    expect(roles(lines)).toMatchObject({ title, employer, location });
  });

  it('takes the dates out of the line', () => {
    expect(roles(['Backend Engineer, Cargoline (03/2018 - 12/2019)'])).toEqual({
      title: 'Backend Engineer',
      employer: 'Cargoline',
      location: null,
      start: '2018-03',
      end: '2019-12',
    });
  });
});

describe('parseWorkSection', () => {
  it('bullets without markers belong to the job above; a dated line starts the next job', () => {
    const lines = plainTextToLines(
      [
        'Acme Corp                          Berlin, Germany',
        'Platform Engineer                  2021 - Present',
        'Ran the Kubernetes platform for 40 teams',
        'Cut build times in half',
        '',
        'Globex                             2018 - 2021',
        'Developer',
        'Wrote the billing service',
      ].join('\n'),
    );
    const work = parseWorkSection(lines);
    expect(work).toEqual([
      {
        employer: 'Acme Corp',
        title: 'Platform Engineer',
        location: 'Berlin, Germany',
        startDate: '2021',
        endDate: null,
        bullets: ['Ran the Kubernetes platform for 40 teams', 'Cut build times in half'],
      },
      {
        employer: 'Globex',
        title: 'Developer',
        location: null,
        startDate: '2018',
        endDate: '2021',
        bullets: ['Wrote the billing service'],
      },
    ]);
  });

  it('an undated job heading starts a job; a bold sub-heading inside a dated job does not', () => {
    const lines = markdownToLines(
      '### Engineer, Acme\n2019 - 2021\n**Key achievements**\n- Did a\n### Developer, Globex\n- Did b',
    );
    expect(parseWorkSection(lines).map((w) => [w.title, w.employer, w.startDate, w.bullets])).toEqual([
      ['Engineer', 'Acme', '2019', ['Key achievements', 'Did a']],
      ['Developer', 'Globex', null, ['Did b']],
    ]);
  });

  it('a bullet that mentions years is not a job', () => {
    const lines = plainTextToLines(
      'Engineer, Acme (2019 - 2021)\n- Grew revenue from 2019 to 2021 by 30%\n- Led 4 people',
    );
    const work = parseWorkSection(lines);
    expect(work).toHaveLength(1);
    expect(work[0]!.bullets).toEqual(['Grew revenue from 2019 to 2021 by 30%', 'Led 4 people']);
  });

  it('wrapped bullet lines are joined back', () => {
    const lines = joinContinuations(
      plainTextToLines(
        'Engineer, Acme  2019 - 2021\n  * Built the first version of\n    the billing API\n  * Led 4 people',
      ),
    );
    expect(parseWorkSection(lines)[0]!.bullets).toEqual([
      'Built the first version of the billing API',
      'Led 4 people',
    ]);
  });
});

describe('parseEducationSection', () => {
  it('degree and school in either order, on one line or two, with or without dates', () => {
    const lines = plainTextToLines(
      [
        'MSc in Computer Science, ETH Zürich, 2016 - 2018',
        'University of Lagos — B.Eng. Electrical Engineering (2010 - 2015)',
        'Stanford University',
        'Master of Business Administration',
        "- Dean's list",
      ].join('\n'),
    );
    expect(parseEducationSection(lines)).toEqual([
      {
        institution: 'ETH Zürich',
        degree: 'MSc',
        area: 'Computer Science',
        startDate: '2016',
        endDate: '2018',
      },
      {
        institution: 'University of Lagos',
        degree: 'B.Eng.',
        area: 'Electrical Engineering',
        startDate: '2010',
        endDate: '2015',
      },
      {
        institution: 'Stanford University',
        degree: 'Master of Business Administration',
        area: null,
        startDate: null,
        endDate: null,
      },
    ]);
  });
});

describe('parseHeader', () => {
  it('name in capitals, label, and contact details in two columns', () => {
    const lines = plainTextToLines(
      [
        'ANN-MARIE LEE                      ann@example.com',
        'Site Reliability Engineer          +44 20 7946 0958',
        'London, UK | https://ann.example.dev | github.com/annlee',
      ].join('\n'),
    );
    expect(parseHeader(lines)).toEqual({
      name: 'Ann-Marie Lee',
      label: 'Site Reliability Engineer',
      contact: {
        email: 'ann@example.com',
        phone: '+44 20 7946 0958',
        location: 'London, UK',
        links: ['https://ann.example.dev', 'github.com/annlee'],
      },
      summary: null,
    });
  });
});

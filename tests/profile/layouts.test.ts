import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profile/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => path.join(here, 'fixtures', name);
const noSearch = { roles: [], keywords: [] };

describe('loadProfile: differently laid-out resumes', () => {
  it('"Professional Experience:" with "Title at Employer, Place (2019–2021)" lines', async () => {
    const profile = await loadProfile(fixture('priya-raman.txt'), noSearch);
    expect(profile.name).toBe('Priya Raman');
    expect(profile.label).toBe('Product Designer');
    expect(profile.contact).toMatchObject({
      email: 'priya.raman@example.net',
      phone: '416-555-0142',
      location: 'Toronto, ON',
    });
    expect(profile.work.map(({ bullets, ...rest }) => ({ ...rest, bullets: bullets.length }))).toEqual([
      {
        employer: 'Maple Health',
        title: 'Lead Product Designer',
        location: 'Toronto, ON',
        startDate: '2021',
        endDate: null,
        bullets: 2,
      },
      {
        employer: 'Northstar Bank',
        title: 'Product Designer',
        location: 'Toronto, ON',
        startDate: '2019',
        endDate: '2021',
        bullets: 1,
      },
      {
        employer: 'Pixel & Co',
        title: 'UX Design Intern',
        location: null,
        startDate: '2018-05',
        endDate: '2018-08',
        bullets: 1,
      },
    ]);
    expect(profile.education).toEqual([
      {
        institution: 'OCAD University',
        degree: 'Bachelor of Design',
        area: null,
        startDate: '2014',
        endDate: '2018',
      },
    ]);
    expect(profile.skills).toEqual([
      'Figma',
      'Sketch',
      'User Research',
      'Prototyping',
      'Accessibility (WCAG 2.1)',
      'HTML/CSS',
      'React',
    ]);
    expect(profile.certifications).toEqual(['Nielsen Norman Group UX Certification']);
    // "Lead Product Designer" and "Product Designer" are one role once seniority is stripped.
    expect(profile.targetRoles).toEqual(['Product Designer']);
    expect(profile.keywords).toEqual(expect.arrayContaining(['html', 'css', 'wcag', 'accessibility']));
  });

  it('"== Experience ==" with employer and title in two columns', async () => {
    const profile = await loadProfile(fixture('sam-rivera.txt'), noSearch);
    expect(profile.name).toBe('Sam Rivera');
    expect(profile.label).toBe('Data Engineer');
    expect(profile.contact).toMatchObject({
      email: 'sam.rivera@example.org',
      phone: '(415) 555-0199',
      location: 'San Francisco, CA',
    });
    expect(profile.work).toEqual([
      {
        employer: 'Northwind Analytics',
        title: 'Senior Data Engineer',
        location: 'San Francisco, CA',
        startDate: '2020',
        endDate: null,
        bullets: [
          'Built a Kafka and Spark streaming pipeline processing 3 TB per day',
          'Moved the warehouse from Redshift to Snowflake with dbt',
        ],
      },
      {
        employer: 'Contoso Retail',
        title: 'Data Engineer',
        location: 'Oakland, CA',
        startDate: '2017-07',
        endDate: '2019-12',
        bullets: ['Wrote Airflow DAGs for 120 daily ETL jobs in Python and SQL'],
      },
    ]);
    // "== Volunteering ==" ends the Experience section: its entry is not a job.
    expect(profile.work.map((w) => w.employer)).not.toContain('Code for America');
    expect(profile.education).toEqual([
      {
        institution: 'University of California, Berkeley',
        degree: 'B.A.',
        area: 'Statistics',
        startDate: '2013',
        endDate: '2017',
      },
    ]);
    expect(profile.skills).toContain('AWS (S3, EMR)');
    expect(profile.keywords).toEqual(expect.arrayContaining(['aws', 's3', 'emr', 'kubernetes', 'spark']));
    expect(profile.targetRoles).toEqual(['Data Engineer']);
  });

  it('the demo resume: "### Title, Employer" headings with "Place | Dates" under them', async () => {
    const profile = await loadProfile(fixture('jordan-rivera.md'), noSearch);
    expect(profile.work.map((w) => [w.title, w.employer, w.location, w.startDate, w.endDate])).toEqual([
      ['Senior Software Engineer', 'Globex Payments', 'San Francisco, CA', '2021-01', null],
      ['Software Engineer', 'Initech', 'Austin, TX', '2017-06', '2020-12'],
      ['Junior Developer', 'Hooli', 'Remote', '2016-07', '2017-05'],
    ]);
    expect(profile.work.map((w) => w.bullets.length)).toEqual([4, 3, 1]);
    expect(profile.education).toEqual([
      {
        institution: 'University of Texas at Austin',
        degree: 'B.S.',
        area: 'Computer Science',
        startDate: '2012',
        endDate: '2016',
      },
    ]);
    expect(profile.targetRoles).toEqual(['Software Engineer']);
    expect(profile.certifications).toEqual(['AWS Certified Developer - Associate']);
  });

  it('config roles win over titles, and config keywords are added normalised', async () => {
    const profile = await loadProfile(fixture('maya-okafor.md'), {
      roles: ['Platform Engineer', 'Site Reliability Engineer'],
      keywords: ['K8s', 'Rust'],
    });
    expect(profile.targetRoles).toEqual(['Platform Engineer', 'Site Reliability Engineer']);
    expect(profile.keywords).toContain('rust');
    expect(profile.keywords.filter((k) => k === 'kubernetes')).toHaveLength(1);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profile/index.js';
import { htmlToLines } from '../../src/profile/read-docx.js';

/**
 * A Word file in a layout the committed fixture does not use: the name in the Title style, soft
 * line breaks in the contact block, bold paragraphs as section headings, jobs in a two-column
 * table (employer and title left, place and dates right), and nested bullets.
 */
function jobRow(left: [string, string], right: [string, string]): TableRow {
  const cell = (lines: [string, string], boldFirst: boolean): TableCell =>
    new TableCell({
      children: [
        new Paragraph({ children: [new TextRun({ text: lines[0], bold: boldFirst })] }),
        new Paragraph({ text: lines[1] }),
      ],
    });
  return new TableRow({ children: [cell(left, true), cell(right, false)] });
}

function resumeDocx(): Document {
  const sectionHeading = (text: string): Paragraph =>
    new Paragraph({ children: [new TextRun({ text, bold: true })] });
  return new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Tomás Herrera', heading: HeadingLevel.TITLE }),
          new Paragraph({
            children: [
              new TextRun('Frontend Developer'),
              new TextRun({ text: 'tomas.herrera@example.com', break: 1 }),
              new TextRun({ text: 'Madrid, Spain', break: 1 }),
            ],
          }),
          sectionHeading('EXPERIENCE'),
          new Table({
            rows: [jobRow(['Ribera Labs', 'Senior Frontend Developer'], ['Madrid, Spain', '2020 - Present'])],
          }),
          new Paragraph({ text: 'Rebuilt the checkout in React and TypeScript', bullet: { level: 0 } }),
          new Paragraph({ text: 'Cut bundle size by 40%', bullet: { level: 1 } }),
          new Table({ rows: [jobRow(['Sol Media', 'Web Developer'], ['Valencia, Spain', '2017 - 2020'])] }),
          new Paragraph({ text: 'Built Vue.js dashboards', bullet: { level: 0 } }),
          sectionHeading('EDUCATION'),
          new Paragraph({ text: 'BSc Computer Science, Universidad Politécnica de Madrid, 2013 - 2017' }),
          sectionHeading('SKILLS'),
          new Paragraph({ text: 'React • TypeScript • Vue.js • CSS' }),
        ],
      },
    ],
  });
}

describe('readDocx with a file made by the docx package', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'profile-docx-'));
    file = path.join(dir, 'tomas-herrera.docx');
    await writeFile(file, await Packer.toBuffer(resumeDocx()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the whole profile from a table layout with nested bullets', async () => {
    const profile = await loadProfile(file, { roles: [], keywords: [] });
    expect(profile.name).toBe('Tomás Herrera');
    expect(profile.label).toBe('Frontend Developer');
    expect(profile.contact).toMatchObject({ email: 'tomas.herrera@example.com', location: 'Madrid, Spain' });
    expect(profile.work).toEqual([
      {
        employer: 'Ribera Labs',
        title: 'Senior Frontend Developer',
        location: 'Madrid, Spain',
        startDate: '2020',
        endDate: null,
        bullets: ['Rebuilt the checkout in React and TypeScript', 'Cut bundle size by 40%'],
      },
      {
        employer: 'Sol Media',
        title: 'Web Developer',
        location: 'Valencia, Spain',
        startDate: '2017',
        endDate: '2020',
        bullets: ['Built Vue.js dashboards'],
      },
    ]);
    expect(profile.education).toEqual([
      {
        institution: 'Universidad Politécnica de Madrid',
        degree: 'BSc',
        area: 'Computer Science',
        startDate: '2013',
        endDate: '2017',
      },
    ]);
    expect(profile.skills).toEqual(['React', 'TypeScript', 'Vue.js', 'CSS']);
    expect(profile.targetRoles).toEqual(['Frontend Developer', 'Web Developer']);
    expect(profile.keywords).toEqual(['react', 'typescript', 'vue', 'css']);
  });
});

describe('htmlToLines', () => {
  it('turns table rows into column-gapped lines, paragraph by paragraph', () => {
    const html =
      '<table><tr><td><p><strong>Acme</strong></p><p>Engineer</p></td><td><p>Berlin</p><p>2019 - 2021</p></td></tr></table>' +
      '<h2>Skills</h2><p><strong>Bold line</strong></p><ul><li>One<ul><li>Nested</li></ul></li></ul>';
    expect(
      htmlToLines(html).map(({ text, bullet, level, strong }) => ({ text, bullet, level, strong })),
    ).toEqual([
      { text: 'Acme   Berlin', bullet: false, level: null, strong: false },
      { text: 'Engineer   2019 - 2021', bullet: false, level: null, strong: false },
      { text: 'Skills', bullet: false, level: 2, strong: false },
      { text: 'Bold line', bullet: false, level: null, strong: true },
      { text: 'One', bullet: true, level: null, strong: false },
      { text: 'Nested', bullet: true, level: null, strong: false },
    ]);
  });
});

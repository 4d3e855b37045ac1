/**
 * Makes templates/resume-template.docx, the sample template for `tailor --template`, with the
 * docx package: its own paragraph styles (fonts, sizes, colours, a rule under each heading), bullet
 * lists as Word numbering, and every tag the template may use (README, "For teams").
 *
 * Run: npx tsx templates/make-sample-template.ts   (the output is committed)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlignmentType, BorderStyle, Document, LevelFormat, Packer, Paragraph, TextRun } from 'docx';

const here = path.dirname(fileURLToPath(import.meta.url));
const ACCENT = '1F4E79';
const BULLETS = 'template-bullets';

const styles = {
  default: { document: { run: { font: 'Liberation Sans', size: 21 } } },
  paragraphStyles: [
    {
      id: 'PersonName',
      name: 'Person Name',
      basedOn: 'Normal',
      run: { font: 'Liberation Serif', size: 40, bold: true, color: ACCENT },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 40 } },
    },
    {
      id: 'PersonLabel',
      name: 'Person Label',
      basedOn: 'Normal',
      run: { italics: true, size: 24, color: '595959' },
      paragraph: { alignment: AlignmentType.CENTER },
    },
    {
      id: 'ContactLine',
      name: 'Contact Line',
      basedOn: 'Normal',
      run: { size: 18 },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 160 } },
    },
    {
      id: 'SectionHeading',
      name: 'Section Heading',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: 'Liberation Serif', size: 26, bold: true, color: ACCENT, allCaps: true },
      paragraph: {
        spacing: { before: 200, after: 80 },
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: ACCENT, space: 1 } },
      },
    },
    {
      id: 'RoleTitle',
      name: 'Role Title',
      basedOn: 'Normal',
      run: { bold: true, size: 22 },
      paragraph: { spacing: { before: 120 } },
    },
    { id: 'RoleDates', name: 'Role Dates', basedOn: 'Normal', run: { italics: true, color: '595959' } },
  ],
};

const numbering = {
  config: [
    {
      reference: BULLETS,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: '\u2022',
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: 360, hanging: 240 } } },
        },
      ],
    },
  ],
};

const p = (text: string, style?: string) => new Paragraph({ style, children: [new TextRun(text)] });
const bullet = (text: string) => new Paragraph({ numbering: { reference: BULLETS, level: 0 }, text });
const heading = (text: string) => p(text, 'SectionHeading');

const children = [
  p('{name}', 'PersonName'),
  p('{label}', 'PersonLabel'),
  p('{email} | {phone} | {location}', 'ContactLine'),
  heading('Summary'),
  p('{summary}'),
  heading('Skills'),
  bullet('{#skills}{.}{/skills}'),
  heading('Experience'),
  p('{#work}'),
  p('{title}, {employer}', 'RoleTitle'),
  p('{start} – {end}', 'RoleDates'),
  bullet('{#bullets}{text}{/bullets}'),
  p('{/work}'),
  heading('Education'),
  p('{#education}'),
  p('{degree}, {school}, {end}'),
  p('{/education}'),
  heading('Projects'),
  p('{#projects}'),
  p('{name}: {description}'),
  p('{/projects}'),
  heading('Certifications'),
  bullet('{#certifications}{.}{/certifications}'),
];

const doc = new Document({
  creator: 'job-matcher',
  title: 'Resume template',
  styles,
  numbering,
  sections: [
    { properties: { page: { margin: { top: 864, bottom: 864, left: 864, right: 864 } } }, children },
  ],
});
const target = path.join(here, 'resume-template.docx');
writeFileSync(target, await Packer.toBuffer(doc));
console.log(`wrote ${path.relative(process.cwd(), target)}`);

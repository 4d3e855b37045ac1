import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { CoverLetter, TailoredResume } from '../types.js';
import { contactLine, educationLine, roleHeading, roleMeta, SECTION } from './format.js';

/** 0.6 inch margins in twentieths of a point, as in the PDF. */
const MARGIN = 864;
/** 10.5 pt body text, in half-points. */
const BODY_SIZE = 21;

function document(children: Paragraph[], title: string, author: string): Document {
  return new Document({
    title,
    creator: author,
    styles: { default: { document: { run: { font: 'Calibri', size: BODY_SIZE } } } },
    sections: [
      {
        properties: { page: { margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        children,
      },
    ],
  });
}

function header(resume: Pick<TailoredResume, 'name' | 'contact'>, headline: string | null): Paragraph[] {
  const out = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: resume.name, bold: true })],
    }),
  ];
  if (headline)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: headline, italics: true })],
      }),
    );
  const contact = contactLine(resume);
  if (contact) out.push(new Paragraph({ alignment: AlignmentType.CENTER, text: contact }));
  return out;
}

const heading = (text: string) =>
  new Paragraph({ heading: HeadingLevel.HEADING_1, text, spacing: { before: 200 } });
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });

export async function resumeDocx(resume: TailoredResume): Promise<Uint8Array> {
  const children = header(resume, resume.headline);
  if (resume.summary) children.push(heading(SECTION.summary), new Paragraph({ text: resume.summary }));
  if (resume.skills.length > 0)
    children.push(heading(SECTION.skills), new Paragraph({ text: resume.skills.join(', ') }));
  if (resume.work.length > 0) {
    children.push(heading(SECTION.work));
    for (const role of resume.work) {
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_2, text: roleHeading(role), spacing: { before: 120 } }),
      );
      const meta = roleMeta(role);
      if (meta) children.push(new Paragraph({ children: [new TextRun({ text: meta, italics: true })] }));
      children.push(...role.bullets.map((b) => bullet(b.text)));
    }
  }
  if (resume.education.length > 0)
    children.push(heading(SECTION.education), ...resume.education.map((e) => bullet(educationLine(e))));
  if (resume.projects.length > 0) {
    children.push(heading(SECTION.projects));
    for (const p of resume.projects) {
      children.push(
        new Paragraph({ heading: HeadingLevel.HEADING_2, text: p.name, spacing: { before: 120 } }),
      );
      if (p.description) children.push(new Paragraph({ text: p.description }));
      children.push(...p.bullets.map(bullet));
    }
  }
  if (resume.certifications.length > 0)
    children.push(heading(SECTION.certifications), ...resume.certifications.map(bullet));
  return Packer.toBuffer(document(children, `Resume of ${resume.name}`, resume.name));
}

export async function coverLetterDocx(
  letter: CoverLetter,
  resume: Pick<TailoredResume, 'name' | 'contact'>,
): Promise<Uint8Array> {
  const gap = { after: 200 };
  const children = [
    ...header(resume, null),
    new Paragraph({ text: letter.greeting, spacing: { before: 400, ...gap } }),
    ...letter.paragraphs.map((text) => new Paragraph({ text, spacing: gap })),
    new Paragraph({ text: letter.closing }),
    new Paragraph({ text: letter.signature }),
  ];
  return Packer.toBuffer(document(children, `Cover letter of ${resume.name}`, resume.name));
}

import { escapeUTF8 } from 'entities';
import type { CoverLetter, TailoredResume } from '../types.js';
import { contactLine, educationLine, roleHeading, roleMeta, SECTION } from './format.js';

/**
 * Print HTML for the PDFs. The page size, margins and font size here are what
 * src/generate/page-fit.ts assumes when it keeps a resume within two pages.
 */
const STYLE = `
@page { size: Letter; margin: 0.6in; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.3; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0; text-align: center; }
.headline { text-align: center; font-style: italic; margin: 2pt 0; }
.contact { text-align: center; margin: 2pt 0 8pt; }
h2 { font-size: 12pt; border-bottom: 1px solid #777; margin: 10pt 0 4pt; }
h3 { font-size: 10.5pt; margin: 6pt 0 0; }
.meta { font-style: italic; margin: 0 0 2pt; }
ul { margin: 2pt 0 4pt; padding-left: 16pt; }
li { margin: 0; }
p { margin: 0 0 4pt; }
.letter p { margin: 0 0 10pt; }
`;

const esc = (text: string) => escapeUTF8(text);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;

function header(resume: Pick<TailoredResume, 'name' | 'contact'>, headline: string | null): string {
  const contact = contactLine(resume);
  return `<h1>${esc(resume.name)}</h1>${headline ? `<p class="headline">${esc(headline)}</p>` : ''}${contact ? `<p class="contact">${esc(contact)}</p>` : ''}`;
}

const list = (items: readonly string[]) =>
  items.length > 0 ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';

export function resumeHtml(resume: TailoredResume): string {
  const parts = [header(resume, resume.headline)];
  if (resume.summary) parts.push(`<h2>${SECTION.summary}</h2><p>${esc(resume.summary)}</p>`);
  if (resume.skills.length > 0)
    parts.push(`<h2>${SECTION.skills}</h2><p>${esc(resume.skills.join(', '))}</p>`);
  if (resume.work.length > 0) {
    parts.push(`<h2>${SECTION.work}</h2>`);
    for (const role of resume.work) {
      const meta = roleMeta(role);
      parts.push(
        `<h3>${esc(roleHeading(role))}</h3>${meta ? `<p class="meta">${esc(meta)}</p>` : ''}${list(role.bullets.map((b) => b.text))}`,
      );
    }
  }
  if (resume.education.length > 0)
    parts.push(`<h2>${SECTION.education}</h2>${list(resume.education.map(educationLine))}`);
  if (resume.projects.length > 0) {
    parts.push(`<h2>${SECTION.projects}</h2>`);
    for (const p of resume.projects) {
      parts.push(
        `<h3>${esc(p.name)}</h3>${p.description ? `<p>${esc(p.description)}</p>` : ''}${list(p.bullets)}`,
      );
    }
  }
  if (resume.certifications.length > 0)
    parts.push(`<h2>${SECTION.certifications}</h2>${list(resume.certifications)}`);
  return page(`Resume of ${resume.name}`, parts.join('\n'));
}

export function coverLetterHtml(
  letter: CoverLetter,
  resume: Pick<TailoredResume, 'name' | 'contact'>,
): string {
  const body = [
    header(resume, null),
    '<div class="letter">',
    `<p>${esc(letter.greeting)}</p>`,
    ...letter.paragraphs.map((p) => `<p>${esc(p)}</p>`),
    `<p>${esc(letter.closing)}<br>${esc(letter.signature)}</p>`,
    '</div>',
  ];
  return page(`Cover letter of ${resume.name}`, body.join('\n'));
}

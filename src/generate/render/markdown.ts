import type { CoverLetter, TailoredResume } from '../types.js';
import { contactLine, educationLine, roleHeading, roleMeta, SECTION } from './format.js';

/** Characters that would turn text into Markdown syntax. */
const mdEscape = (text: string) =>
  text.replace(/([\\`*_[\]<>])/g, '\\$1').replace(/^([#+-]|\d+\.)(\s)/, '\\$1$2');

export function resumeMarkdown(resume: TailoredResume): string {
  const out: string[] = [`# ${mdEscape(resume.name)}`, ''];
  if (resume.headline) out.push(`**${mdEscape(resume.headline)}**`, '');
  const contact = contactLine(resume);
  if (contact) out.push(mdEscape(contact), '');
  if (resume.summary) out.push(`## ${SECTION.summary}`, '', mdEscape(resume.summary), '');
  if (resume.skills.length > 0) out.push(`## ${SECTION.skills}`, '', mdEscape(resume.skills.join(', ')), '');
  if (resume.work.length > 0) {
    out.push(`## ${SECTION.work}`, '');
    for (const role of resume.work) {
      out.push(`### ${mdEscape(roleHeading(role))}`, '');
      const meta = roleMeta(role);
      if (meta) out.push(`*${mdEscape(meta)}*`, '');
      if (role.bullets.length > 0) out.push(...role.bullets.map((b) => `- ${mdEscape(b.text)}`), '');
    }
  }
  if (resume.education.length > 0) {
    out.push(
      `## ${SECTION.education}`,
      '',
      ...resume.education.map((e) => `- ${mdEscape(educationLine(e))}`),
      '',
    );
  }
  if (resume.projects.length > 0) {
    out.push(`## ${SECTION.projects}`, '');
    for (const p of resume.projects) {
      out.push(`### ${mdEscape(p.name)}`, '');
      if (p.description) out.push(mdEscape(p.description), '');
      if (p.bullets.length > 0) out.push(...p.bullets.map((b) => `- ${mdEscape(b)}`), '');
    }
  }
  if (resume.certifications.length > 0) {
    out.push(`## ${SECTION.certifications}`, '', ...resume.certifications.map((c) => `- ${mdEscape(c)}`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function coverLetterMarkdown(
  letter: CoverLetter,
  resume: Pick<TailoredResume, 'name' | 'contact'>,
): string {
  const out: string[] = [`# ${mdEscape(resume.name)}`, ''];
  const contact = contactLine(resume);
  if (contact) out.push(mdEscape(contact), '');
  out.push(mdEscape(letter.greeting), '');
  for (const p of letter.paragraphs) out.push(mdEscape(p), '');
  out.push(mdEscape(letter.closing), '', mdEscape(letter.signature));
  return `${out.join('\n')}\n`;
}

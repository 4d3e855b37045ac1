import { parseEducationSection } from './education.js';
import { parseHeader } from './header.js';
import { joinContinuations, type ResumeLine } from './lines.js';
import { joinParagraph, parseCertifications, parseProjects, parseSkills } from './other-sections.js';
import { type SectionKind, splitSections } from './sections.js';
import type { ResumeContent } from './types.js';
import { parseWorkSection } from './work-entries.js';

/** Reads the lines of an unstructured resume (Markdown, text, DOCX, PDF) into its content. */
export function parseResumeLines(input: ResumeLine[]): ResumeContent {
  const lines = joinContinuations(input.filter((line) => line.text.trim() !== ''));
  const { header, sections } = splitSections(lines);
  const linesOf = (kind: SectionKind): ResumeLine[] =>
    sections.filter((section) => section.kind === kind).flatMap((section) => section.lines);

  const top = parseHeader(header, linesOf('contact'));
  return {
    name: top.name,
    label: top.label,
    contact: top.contact,
    summary: joinParagraph(linesOf('summary')) ?? top.summary,
    skills: parseSkills(linesOf('skills')),
    work: parseWorkSection(linesOf('experience')),
    education: parseEducationSection(linesOf('education')),
    projects: parseProjects(linesOf('projects')),
    certifications: parseCertifications(linesOf('certifications')),
  };
}

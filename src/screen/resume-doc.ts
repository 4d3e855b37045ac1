import type { ResumeContent, ResumeLine, ResumeReading } from '../profile/index.js';
import { splitSections } from '../profile/sections.js';

/**
 * A resume as screening reads it: numbered lines, each with the section it is in, so evidence
 * can say "Experience, line 14". JSON Resume has no lines; it gets one per field, in its order.
 */
export interface DocLine {
  /** 1-based, in the order of the resume. */
  line: number;
  /** header, summary, experience, education, skills, projects, certifications, contact, other. */
  section: string;
  text: string;
}

export interface ResumeDoc {
  content: ResumeContent;
  lines: DocLine[];
}

function jsonResumeLines(content: ResumeContent): { section: string; text: string }[] {
  const out: { section: string; text: string }[] = [];
  const push = (section: string, text: string | null | undefined): void => {
    if (text && text.trim() !== '') out.push({ section, text: text.trim() });
  };
  push('header', content.name);
  push('header', content.label);
  push('header', content.contact.location);
  push('summary', content.summary);
  for (const work of content.work) {
    const dates = `${work.startDate ?? '?'} - ${work.endDate ?? 'Present'}`;
    push(
      'experience',
      `${work.title}, ${work.employer}${work.location ? `, ${work.location}` : ''} (${dates})`,
    );
    for (const bullet of work.bullets) push('experience', bullet);
  }
  for (const school of content.education) {
    push('education', [school.degree, school.area, school.institution].filter(Boolean).join(', '));
  }
  if (content.skills.length > 0) push('skills', content.skills.join(', '));
  for (const project of content.projects) {
    push('projects', [project.name, project.description].filter(Boolean).join(': '));
    for (const bullet of project.bullets) push('projects', bullet);
  }
  for (const cert of content.certifications) push('certifications', cert);
  return out;
}

function unstructuredLines(lines: ResumeLine[]): { section: string; text: string }[] {
  const { header, sections } = splitSections(lines.filter((line) => line.text.trim() !== ''));
  return [
    ...header.map((line) => ({ section: 'header', text: line.text })),
    ...sections.flatMap((section) => [
      { section: section.kind, text: section.heading },
      ...section.lines.map((line) => ({ section: section.kind, text: line.text })),
    ]),
  ];
}

export function resumeDoc(reading: ResumeReading): ResumeDoc {
  const raw = reading.lines ? unstructuredLines(reading.lines) : jsonResumeLines(reading.content);
  return {
    content: reading.content,
    lines: raw.map((l, i) => ({ line: i + 1, section: l.section, text: l.text.replace(/ {3,}/g, ' · ') })),
  };
}

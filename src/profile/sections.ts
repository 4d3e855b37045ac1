import type { ResumeLine } from './lines.js';
import { wordCount } from './text-pieces.js';

/**
 * Finds the sections of an unstructured resume by their headings, in any case and with any
 * decoration: "## Experience", "WORK HISTORY", "== Experience ==", "Professional Experience:",
 * "—— SKILLS ——". Everything before the first heading is the header (name, label, contact).
 */

export type SectionKind =
  | 'summary'
  | 'experience'
  | 'education'
  | 'skills'
  | 'projects'
  | 'certifications'
  | 'contact'
  | 'other';

export interface Section {
  kind: SectionKind;
  heading: string;
  lines: ResumeLine[];
}

const HEADINGS: Record<Exclude<SectionKind, 'other'>, string[]> = {
  summary: [
    'summary',
    'professional summary',
    'career summary',
    'executive summary',
    'summary of qualifications',
    'profile',
    'professional profile',
    'personal profile',
    'about',
    'about me',
    'objective',
    'career objective',
    'overview',
    'introduction',
  ],
  experience: [
    'experience',
    'work experience',
    'professional experience',
    'relevant experience',
    'industry experience',
    'employment',
    'employment history',
    'work history',
    'career history',
    'professional history',
    'career',
    'positions',
    'professional background',
  ],
  education: ['education', 'academic background', 'education and training', 'academics', 'studies'],
  skills: [
    'skills',
    'technical skills',
    'core skills',
    'key skills',
    'skills and tools',
    'skills and technologies',
    'tools and technologies',
    'technologies',
    'tech stack',
    'competencies',
    'core competencies',
    'expertise',
    'areas of expertise',
    'technical expertise',
    'toolbox',
  ],
  projects: [
    'projects',
    'personal projects',
    'side projects',
    'selected projects',
    'key projects',
    'open source',
    'open source projects',
    'open source contributions',
    'portfolio',
  ],
  certifications: [
    'certifications',
    'certification',
    'certificates',
    'licenses and certifications',
    'licences and certifications',
    'certifications and licenses',
    'certifications and training',
    'courses and certifications',
    'training and certifications',
  ],
  contact: ['contact', 'contact information', 'contact info', 'contact details', 'personal details'],
};

/** Headings of sections the Profile does not keep; known so they end the section before them. */
const OTHER_HEADINGS = [
  'awards',
  'honors',
  'honours',
  'awards and honors',
  'achievements',
  'publications',
  'languages',
  'spoken languages',
  'interests',
  'hobbies',
  'hobbies and interests',
  'volunteer',
  'volunteering',
  'volunteer experience',
  'references',
  'activities',
  'leadership',
  'memberships',
  'affiliations',
  'patents',
  'talks',
  'speaking',
  'conferences',
  'courses',
  'additional information',
];

const KIND_BY_HEADING = new Map<string, SectionKind>();
/** The same keys without spaces, for letter-spaced headings read back as "WORKEXPERIENCE". */
const KIND_BY_SPACELESS = new Map<string, SectionKind>();
const addHeading = (name: string, kind: SectionKind): void => {
  KIND_BY_HEADING.set(name, kind);
  KIND_BY_SPACELESS.set(name.replace(/ /g, ''), kind);
};
for (const [kind, names] of Object.entries(HEADINGS)) {
  for (const name of names) addHeading(name, kind as SectionKind);
}
for (const name of OTHER_HEADINGS) addHeading(name, 'other');

/** The heading's words: decoration, numbering and a trailing colon removed, lower case. */
export function headingKey(text: string): string {
  return text
    .trim()
    .replace(/^(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+/i, '')
    .replace(/^[\s#=*_~:|>\-–—•·[\](){}<>]+|[\s#=*_~:|>\-–—•·[\](){}<>]+$/gu, '')
    .toLowerCase()
    .replace(/\s*[&+]\s*|\s*\/\s*/g, ' and ')
    .replace(/\s+/g, ' ');
}

/** The kind of section `line` opens, or null when it is not a known heading. */
export function sectionKindOf(line: ResumeLine): SectionKind | null {
  if (line.bullet || line.text.length > 60 || wordCount(line.text) > 6) return null;
  const key = headingKey(line.text);
  return KIND_BY_HEADING.get(key) ?? KIND_BY_SPACELESS.get(key.replace(/ /g, '')) ?? null;
}

export function splitSections(lines: ResumeLine[]): { header: ResumeLine[]; sections: Section[] } {
  const header: ResumeLine[] = [];
  const sections: Section[] = [];
  let current: Section | null = null;
  /** The level of the heading that opened `current`; deeper headings stay inside it. */
  let currentLevel: number | null = null;

  for (const line of lines) {
    const kind = sectionKindOf(line);
    // An unknown heading closes a section only when it is at the section heading's own level
    // ("## Volunteering" after "## Experience"), never a job heading ("### Engineer, Acme").
    const unknownPeer =
      kind === null &&
      current !== null &&
      line.level !== null &&
      currentLevel !== null &&
      line.level <= currentLevel;
    if (kind !== null || unknownPeer) {
      current = { kind: kind ?? 'other', heading: line.text, lines: [] };
      currentLevel = line.level;
      sections.push(current);
      continue;
    }
    (current ? current.lines : header).push(line);
  }
  return { header, sections };
}

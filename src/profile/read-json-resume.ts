import { z } from 'zod';
import { ProfileError } from '../errors.js';
import { issueLines } from '../infra/zod-issues.js';
import { normalizeDate } from './dates.js';
import { emptyContact } from './header.js';
import type { EducationEntry, ProjectEntry, ResumeContent, WorkEntry } from './types.js';

/**
 * JSON Resume (https://jsonresume.org/schema), v1 and the older 0.x field names (`company`,
 * `website`). Unknown fields are ignored; a bad entry in a list is dropped and reported, never
 * fatal; a wrong `basics` is an error because the name and contact come from it.
 */

const text = z.string().nullish();
const texts = z.array(z.string()).nullish();

export const JsonResumeBasics = z.looseObject({
  name: text,
  label: text,
  email: text,
  phone: text,
  url: text,
  website: text,
  summary: text,
  location: z
    .looseObject({ address: text, postalCode: text, city: text, region: text, countryCode: text })
    .nullish(),
  profiles: z.array(z.unknown()).nullish(),
});
export const JsonResumeProfile = z.looseObject({ network: text, username: text, url: text });
export const JsonResumeWork = z.looseObject({
  name: text,
  company: text,
  position: text,
  location: text,
  startDate: text,
  endDate: text,
  summary: text,
  highlights: texts,
});
export const JsonResumeEducation = z.looseObject({
  institution: text,
  studyType: text,
  area: text,
  startDate: text,
  endDate: text,
});
export const JsonResumeSkill = z.looseObject({ name: text, keywords: texts });
export const JsonResumeProject = z.looseObject({
  name: text,
  description: text,
  highlights: texts,
  url: text,
});
export const JsonResumeCertificate = z.looseObject({ name: text, issuer: text });

const JsonResume = z.looseObject({
  basics: JsonResumeBasics.nullish(),
  work: z.array(z.unknown()).nullish(),
  education: z.array(z.unknown()).nullish(),
  skills: z.array(z.unknown()).nullish(),
  projects: z.array(z.unknown()).nullish(),
  certificates: z.array(z.unknown()).nullish(),
});

export interface JsonResumeResult {
  content: ResumeContent;
  /** One line per dropped entry: "work[2]: expected string at position". */
  dropped: string[];
}

const filled = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
const date = (value: string | null | undefined): string | null => (value ? normalizeDate(value) : null);

function describeIssues(error: z.ZodError, prefix: string): string {
  return issueLines(error.issues, { prefix: prefix ? [prefix] : [] }).join('; ');
}

export function readJsonResume(file: string, source: string): JsonResumeResult {
  let data: unknown;
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ProfileError(
      file,
      `is not valid JSON (${(error as Error).message}); fix the syntax or export the JSON Resume again`,
      { cause: error },
    );
  }
  const parsed = JsonResume.safeParse(data);
  if (!parsed.success) {
    throw new ProfileError(
      file,
      `is not a JSON Resume: ${describeIssues(parsed.error, '')}; see https://jsonresume.org/schema`,
      { cause: parsed.error },
    );
  }
  const resume = parsed.data;
  const dropped: string[] = [];
  /** Each valid entry of a list through `map`; an invalid or empty one is dropped and noted. */
  const each = <S extends z.ZodType, T>(
    key: string,
    items: unknown[] | null | undefined,
    schema: S,
    map: (item: z.infer<S>) => T | null,
  ): T[] => {
    const out: T[] = [];
    (items ?? []).forEach((item, i) => {
      const result = schema.safeParse(item);
      const mapped = result.success ? map(result.data) : null;
      if (mapped !== null) out.push(mapped);
      else
        dropped.push(result.success ? `${key}[${i}]: no name` : describeIssues(result.error, `${key}[${i}]`));
    });
    return out;
  };

  const basics = resume.basics ?? {};
  const contact = emptyContact();
  contact.email = filled(basics.email);
  contact.phone = filled(basics.phone);
  const place = basics.location;
  const location = [place?.city, place?.region, place?.countryCode].map(filled).filter(Boolean);
  contact.location = location.length > 0 ? location.join(', ') : null;
  const profileLinks = each(
    'basics.profiles',
    basics.profiles,
    JsonResumeProfile,
    (p) => filled(p.url) ?? '',
  );
  for (const link of [filled(basics.url), filled(basics.website), ...profileLinks]) {
    if (link && !contact.links.includes(link)) contact.links.push(link);
  }

  const work = each('work', resume.work, JsonResumeWork, (w): WorkEntry | null => {
    const employer = filled(w.name) ?? filled(w.company) ?? '';
    const title = filled(w.position) ?? '';
    if (employer === '' && title === '') return null;
    const highlights = (w.highlights ?? []).map((h) => h.trim()).filter(Boolean);
    const summary = filled(w.summary);
    return {
      employer,
      title,
      location: filled(w.location),
      startDate: date(w.startDate),
      endDate: date(w.endDate),
      bullets: highlights.length > 0 ? highlights : summary ? [summary] : [],
    };
  });
  const education = each('education', resume.education, JsonResumeEducation, (e): EducationEntry | null => {
    const institution = filled(e.institution) ?? '';
    if (institution === '' && !filled(e.studyType)) return null;
    return {
      institution,
      degree: filled(e.studyType),
      area: filled(e.area),
      startDate: date(e.startDate),
      endDate: date(e.endDate),
    };
  });
  const skillLists = each('skills', resume.skills, JsonResumeSkill, (s) => {
    const keywords = (s.keywords ?? []).map((k) => k.trim()).filter(Boolean);
    const name = filled(s.name);
    return keywords.length > 0 ? keywords : name ? [name] : null;
  });
  const projects = each('projects', resume.projects, JsonResumeProject, (p): ProjectEntry | null => {
    const name = filled(p.name);
    if (!name) return null;
    const bullets = (p.highlights ?? []).map((h) => h.trim()).filter(Boolean);
    return { name, description: filled(p.description), bullets, url: filled(p.url) };
  });
  const certifications = each('certificates', resume.certificates, JsonResumeCertificate, (c) => {
    const name = filled(c.name);
    if (!name) return null;
    const issuer = filled(c.issuer);
    return issuer ? `${name} — ${issuer}` : name;
  });

  const skills: string[] = [];
  for (const skill of skillLists.flat()) {
    if (!skills.some((s) => s.toLowerCase() === skill.toLowerCase())) skills.push(skill);
  }
  return {
    content: {
      name: filled(basics.name) ?? '',
      label: filled(basics.label),
      contact,
      summary: filled(basics.summary),
      skills,
      work,
      education,
      projects,
      certifications,
    },
    dropped,
  };
}

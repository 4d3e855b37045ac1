import type { Profile } from '../profile/types.js';

/**
 * A Profile as JSON Resume (https://jsonresume.org/schema, v1), the `profile.json` of the extract
 * step: a person's resume as it was read, for correcting by hand and feeding back as a resume
 * (src/profile/read-json-resume.ts reads it into the same Profile).
 */
export const JSON_RESUME_SCHEMA =
  'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json';

const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** "Berlin, Germany" -> city and region; the reader joins city, region and country back with ", ". */
function location(text: string | null): Record<string, string> | undefined {
  if (!text) return undefined;
  const parts = text.split(', ');
  if (parts.length > 3) return { city: text };
  const [city, region, countryCode] = parts;
  return { city: city ?? text, ...(region ? { region } : {}), ...(countryCode ? { countryCode } : {}) };
}

export function toJsonResume(profile: Profile): Record<string, unknown> {
  const [url, ...otherLinks] = profile.contact.links;
  return {
    $schema: JSON_RESUME_SCHEMA,
    basics: {
      name: profile.name,
      label: given(profile.label),
      email: given(profile.contact.email),
      phone: given(profile.contact.phone),
      url,
      summary: given(profile.summary),
      location: location(profile.contact.location),
      profiles: otherLinks.map((link) => ({ url: link })),
    },
    work: profile.work.map((w) => ({
      name: w.employer,
      position: w.title,
      location: given(w.location),
      startDate: given(w.startDate),
      // No end date is JSON Resume's "current".
      endDate: given(w.endDate),
      highlights: w.bullets,
    })),
    education: profile.education.map((e) => ({
      institution: e.institution,
      studyType: given(e.degree),
      area: given(e.area),
      startDate: given(e.startDate),
      endDate: given(e.endDate),
    })),
    skills: profile.skills.length > 0 ? [{ name: 'Skills', keywords: profile.skills }] : [],
    projects: profile.projects.map((p) => ({
      name: p.name,
      description: given(p.description),
      highlights: p.bullets,
      url: given(p.url),
    })),
    certificates: profile.certifications.map((name) => ({ name })),
    meta: { source: profile.source.format },
  };
}

import type { TailoredResume, TailoredRole } from '../types.js';

/** Shared wording of the writers, so Markdown, DOCX and PDF read the same. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2019-03" -> "Mar 2019", "2019" -> "2019"; other spellings are shown as written. */
export function formatDate(date: string | null): string {
  if (!date) return '';
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date);
  if (!m) return date;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  return month ? `${month} ${m[1]}` : (m[1] ?? date);
}

export function dateRange(start: string | null, end: string | null): string {
  if (!start && !end) return '';
  const to = end ? formatDate(end) : 'Present';
  return start ? `${formatDate(start)} – ${to}` : to;
}

export function contactLine(resume: Pick<TailoredResume, 'contact'>): string {
  const { email, phone, location, links } = resume.contact;
  return [email, phone, location, ...links].filter((x): x is string => Boolean(x)).join(' | ');
}

export function roleHeading(role: TailoredRole): string {
  return `${role.title}, ${role.employer}`;
}

/** "Mar 2019 – Present | Berlin". */
export function roleMeta(role: TailoredRole): string {
  return [dateRange(role.startDate, role.endDate), role.location].filter(Boolean).join(' | ');
}

export function educationLine(e: TailoredResume['education'][number]): string {
  const what = [e.degree, e.area].filter(Boolean).join(', ');
  const when = dateRange(e.startDate, e.endDate);
  return [what ? `${what}, ${e.institution}` : e.institution, when].filter(Boolean).join(' | ');
}

export const SECTION = {
  summary: 'Summary',
  skills: 'Skills',
  work: 'Experience',
  education: 'Education',
  projects: 'Projects',
  certifications: 'Certifications',
} as const;

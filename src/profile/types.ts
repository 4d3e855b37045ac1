/** The user's resume, read once, used by every later stage. Nothing in it is ever invented. */
export interface Profile {
  name: string;
  /** A one-line professional label ("Backend Engineer"), when the resume has one. */
  label: string | null;
  contact: Contact;
  summary: string | null;
  /** As written in the resume, deduplicated. */
  skills: string[];
  work: WorkEntry[];
  education: EducationEntry[];
  projects: ProjectEntry[];
  certifications: string[];
  /** From config `search.roles`, else derived from the most recent titles. */
  targetRoles: string[];
  /** Skills and salient terms, normalised ("Node.js" = "NodeJS" = "node" -> "node.js"). */
  keywords: string[];
  source: { file: string; format: ResumeFormat };
}

export type ResumeFormat = 'json-resume' | 'markdown' | 'text' | 'docx' | 'pdf';

export interface Contact {
  email: string | null;
  phone: string | null;
  location: string | null;
  links: string[];
}

export interface WorkEntry {
  employer: string;
  title: string;
  location: string | null;
  /** "YYYY-MM" or "YYYY"; null when not given. */
  startDate: string | null;
  /** null means current ("Present"). */
  endDate: string | null;
  bullets: string[];
}

export interface EducationEntry {
  institution: string;
  /** "BS Computer Science", "Master of Science". */
  degree: string | null;
  area: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface ProjectEntry {
  name: string;
  description: string | null;
  bullets: string[];
  url: string | null;
}

/** What a reader takes from the file; loadProfile adds target roles, keywords and source. */
export type ResumeContent = Omit<Profile, 'targetRoles' | 'keywords' | 'source'>;

import { describeError } from '../errors.js';
import type { FetchedJob } from '../fetch/types.js';
import type { Logger } from '../infra/logger.js';
import type { JobSource, ScrapeContext } from '../sources/types.js';
import { jobText } from './job-text.js';

/**
 * Company research, once per company and shared by all its jobs: the board's own blurb when the
 * source can give one (`JobSource.about`), else the "About <company>" section of a job's
 * description. The text is untrusted like the description and goes into the prompt as data.
 */
export interface CompanyResearchInput {
  company: string;
  /** A job of the company, whose description may carry an "About us" section. */
  job?: FetchedJob;
  source?: Pick<JobSource, 'about'>;
  ctx?: ScrapeContext;
}

export interface CompanyResearcher {
  researchCompany(input: CompanyResearchInput): Promise<string | null>;
}

const MAX_ABOUT_CHARS = 1_500;

export function createCompanyResearcher(logger?: Logger): CompanyResearcher {
  const known = new Map<string, Promise<string | null>>();
  return {
    researchCompany(input) {
      const key = input.company.trim().toLowerCase();
      let pending = known.get(key);
      if (!pending) {
        pending = research(input, logger);
        known.set(key, pending);
      }
      return pending;
    },
  };
}

async function research(input: CompanyResearchInput, logger?: Logger): Promise<string | null> {
  if (input.source?.about && input.ctx) {
    try {
      const about = await input.source.about(input.ctx);
      if (about?.trim()) return clipAbout(about);
    } catch (error) {
      logger?.debug(
        'generate',
        `${input.company}: board has no company blurb (${describeError(error)}); using the job description`,
      );
    }
  }
  if (!input.job) return null;
  return aboutSection(jobText(input.job).description, input.company);
}

/** One line of at most 1,500 characters: research goes into every prompt, so it is kept short. */
export function clipAbout(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ABOUT_CHARS ? `${flat.slice(0, MAX_ABOUT_CHARS - 3)}...` : flat;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A line that opens a section: a Markdown heading, a bold line, or a short line ending in ":". */
const SECTION_START = /^\s*(?:#{1,6}\s+\S|\*\*[^*]+\*\*\s*:?\s*$|[^.!?]{2,60}:\s*$)/;

/**
 * The text under an "About us" / "About <company>" / "Who we are" heading of a Markdown or text
 * description, up to the next heading; the heading may carry the text on its own line
 * ("**About Acme:** Acme builds ...").
 */
export function aboutSection(markdown: string, company: string): string | null {
  const name = escapeRegExp(company.trim());
  const heading = new RegExp(
    String.raw`^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:about\s+(?:us|the\s+company|the\s+team|${name})|who\s+we\s+are|our\s+(?:company|mission|story))\s*:?\s*(?:\*\*|__)?\s*:?\s*(.*)$`,
    'i',
  );
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return null;
  const body: string[] = [];
  const inline = heading.exec(lines[start] ?? '')?.[1]?.trim();
  if (inline) body.push(inline);
  for (const line of lines.slice(start + 1)) {
    if (SECTION_START.test(line) && body.join('').trim()) break;
    body.push(line);
  }
  const text = clipAbout(body.join(' '));
  return text ? text : null;
}

import { createHash } from 'node:crypto';
import type { FetchedJob } from '../fetch/types.js';

/** The customer's job as the tailoring's plan carries it: plain JSON, read once in prepare. */
export interface TailorJob {
  company: string;
  title: string;
  /** Markdown or plain text. */
  text: string;
  url: string | null;
}

/**
 * The job in the shape the generator takes (it was made for scraped jobs): a listing without a
 * board of its own and a description already read. Only id, company, title and text are read.
 */
export function jobForGenerator(job: TailorJob, fetchedAt: string): FetchedJob {
  const jobId = createHash('sha256').update(job.text).digest('hex').slice(0, 12);
  return {
    listing: {
      id: `tailor:${jobId}`,
      kind: 'html',
      board: 'tailor',
      jobId,
      company: job.company,
      title: job.title,
      locations: [],
      remote: null,
      department: null,
      employmentType: null,
      url: job.url ?? '',
      postedAt: null,
      updatedAt: null,
      requisitionId: null,
      description: null,
    },
    score: { total: 100, reasons: [], matchedRole: null, matchedKeywords: [], excluded: false },
    duplicates: [],
    detail: { markdown: job.text, source: job.url ? 'page' : 'listing', url: job.url, fetchedAt },
    fetchError: null,
  };
}

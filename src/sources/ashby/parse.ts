import { cleanList, cleanOrNull, isoOrNull, makeListing, remoteFromLocations } from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { AshbyJob, AshbyJobBoard } from './schema.js';

/** Ashby's employment types read as people write them ("FullTime" -> "Full-time"). */
const EMPLOYMENT: Record<string, string> = {
  FullTime: 'Full-time',
  PartTime: 'Part-time',
  Intern: 'Intern',
  Contract: 'Contract',
  Temporary: 'Temporary',
};

function remoteOf(job: AshbyJob, locations: string[]): boolean | null {
  if (typeof job.isRemote === 'boolean') return job.isRemote;
  if (job.workplaceType === 'Remote') return true;
  if (job.workplaceType === 'OnSite' || job.workplaceType === 'Hybrid') return false;
  return remoteFromLocations(locations);
}

/** A listing, or null for a job the board does not list publicly (isListed: false). */
export function ashbyListing(job: AshbyJob, ref: BoardRef): JobListing | null {
  if (job.isListed === false) return null;
  const locations = cleanList([job.location, ...(job.secondaryLocations ?? []).map((s) => s.location)]);
  const type = cleanOrNull(job.employmentType);
  return makeListing(ref, {
    jobId: job.id,
    title: job.title.replace(/\s+/g, ' '),
    locations,
    remote: remoteOf(job, locations),
    department: cleanOrNull(job.department) ?? cleanOrNull(job.team),
    employmentType: type ? (EMPLOYMENT[type] ?? type) : null,
    url: job.jobUrl,
    postedAt: isoOrNull(job.publishedAt),
    updatedAt: null,
    requisitionId: null,
    description: job.descriptionHtml ? { format: 'html', content: job.descriptionHtml } : null,
  });
}

/** GET /posting-api/job-board/<name> -> listings (unlisted jobs left out, not counted). */
export function parseAshbyJobBoard(payload: unknown, ref: BoardRef): ParsedBoard {
  const board = parseEnvelope(AshbyJobBoard, payload, ref);
  return parseRecords(board.jobs, AshbyJob, (job) => ashbyListing(job, ref), 'jobs');
}

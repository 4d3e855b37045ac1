import { decodeHTML } from 'entities';
import { cleanList, cleanOrNull, isoOrNull, makeListing, remoteFromLocations } from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { GreenhouseJob, GreenhouseJobList } from './schema.js';

/** Greenhouse sends description HTML escaped as entities; decoding once gives the HTML. */
export function decodeGreenhouseContent(content: string): string {
  return decodeHTML(content);
}

function employmentTypeOf(job: GreenhouseJob): string | null {
  const field = job.metadata?.find((m) => /employment type|job type/i.test(m.name ?? ''));
  return typeof field?.value === 'string' ? cleanOrNull(field.value) : null;
}

export function greenhouseListing(job: GreenhouseJob, ref: BoardRef): JobListing {
  // One free-text field; boards list several places separated by semicolons.
  const locations = cleanList((job.location?.name ?? '').split(';'));
  return makeListing(ref, {
    jobId: String(job.id),
    title: job.title.replace(/\s+/g, ' '),
    locations,
    remote: remoteFromLocations(locations),
    department: cleanOrNull(job.departments?.[0]?.name),
    employmentType: employmentTypeOf(job),
    url: job.absolute_url,
    postedAt: isoOrNull(job.first_published),
    updatedAt: isoOrNull(job.updated_at),
    requisitionId: cleanOrNull(job.requisition_id),
    description: job.content ? { format: 'html', content: decodeGreenhouseContent(job.content) } : null,
  });
}

/** GET /v1/boards/<token>/jobs?content=true -> listings. */
export function parseGreenhouseJobs(payload: unknown, ref: BoardRef): ParsedBoard {
  const list = parseEnvelope(GreenhouseJobList, payload, ref);
  return parseRecords(list.jobs, GreenhouseJob, (job) => greenhouseListing(job, ref), 'jobs');
}

import { decodeHTML } from 'entities';
import { countryOfPlace } from '../../match/place-country.js';
import {
  cleanList,
  cleanOrNull,
  employmentTypeWords,
  isoOrNull,
  makeListing,
  workplaceFromLocations,
} from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { GreenhouseJob, GreenhouseJobList } from './schema.js';

/** Greenhouse sends description HTML escaped as entities; decoding once gives the HTML. */
export function decodeGreenhouseContent(content: string): string {
  return decodeHTML(content);
}

function employmentTypeOf(job: GreenhouseJob): string | null {
  const field = job.metadata?.find((m) => /employment type|job type/i.test(m.name ?? ''));
  return typeof field?.value === 'string' ? employmentTypeWords([field.value]) : null;
}

/**
 * An office's full location ("London, England, United Kingdom") ends with its country; a shorter
 * one ("San Francisco, CA") is read as people write it, so California is not Canada.
 */
function countriesOf(job: GreenhouseJob): string[] {
  return cleanList((job.offices ?? []).map((o) => countryOfPlace(o.location ?? '')));
}

export function greenhouseListing(job: GreenhouseJob, ref: BoardRef): JobListing {
  // One free-text field; boards list several places separated by semicolons.
  const locations = cleanList((job.location?.name ?? '').split(';'));
  return makeListing(ref, {
    jobId: String(job.id),
    title: job.title.replace(/\s+/g, ' '),
    locations,
    countries: countriesOf(job),
    workplace: workplaceFromLocations([...locations, ...(job.offices ?? []).map((o) => o.name ?? '')]),
    department: cleanOrNull(job.departments?.[0]?.name),
    employmentType: employmentTypeOf(job),
    validThrough: isoOrNull(job.application_deadline),
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

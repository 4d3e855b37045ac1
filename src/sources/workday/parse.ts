import {
  cleanList,
  cleanOrNull,
  employmentTypeWords,
  makeListing,
  workplaceFromLocations,
  workplaceOf,
} from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { WorkdayJobList, WorkdayPosting } from './schema.js';

/** Where a Workday board lives: its host (site URLs) and `tenant/site` (API paths). */
export interface WorkdaySite {
  /** e.g. https://nvidia.wd5.myworkdayjobs.com */
  siteOrigin: string;
  tenant: string;
  site: string;
}

/** The requisition id at the end of an externalPath (`..._JR2021705`), if it has one. */
export function requisitionOf(externalPath: string): string | null {
  const match = /_([A-Za-z0-9][A-Za-z0-9-]*)$/.exec(externalPath);
  return match?.[1] ?? null;
}

/** Workday's remoteType reads "Remote", "Hybrid", "On-Site" or "Flexible"; the words decide. */
function workplaceOfPosting(posting: WorkdayPosting, locations: string[]) {
  const type = posting.remoteType ?? '';
  return workplaceOf(type) ?? workplaceFromLocations([type, ...locations]);
}

export function workdayListing(posting: WorkdayPosting, site: WorkdaySite, ref: BoardRef): JobListing {
  const requisitionId = requisitionOf(posting.externalPath) ?? cleanOrNull(posting.bulletFields?.[0]);
  // "2 Locations" is a count, not a place; the places are only on the detail page.
  const text = posting.locationsText ?? '';
  const locations = /^\d+\s+locations?$/i.test(text.trim()) ? [] : cleanList([text]);
  return makeListing(ref, {
    jobId: requisitionId ?? posting.externalPath,
    title: posting.title.replace(/\s+/g, ' '),
    locations,
    workplace: workplaceOfPosting(posting, locations),
    department: null,
    employmentType: employmentTypeWords([posting.timeType]),
    url: `${site.siteOrigin}/${encodeURIComponent(site.site)}${posting.externalPath}`,
    // The list says only "Posted Today" / "Posted 30+ Days Ago".
    postedAt: null,
    updatedAt: null,
    requisitionId,
    description: null,
  });
}

/** One page of POST /wday/cxs/<tenant>/<site>/jobs: its records and first-page total. */
export function parseWorkdayPage(payload: unknown, ref: BoardRef): WorkdayJobList {
  return parseEnvelope(WorkdayJobList, payload, ref);
}

/** Records of one page -> listings. */
export function parseWorkdayPostings(
  items: readonly unknown[],
  site: WorkdaySite,
  ref: BoardRef,
): ParsedBoard {
  return parseRecords(items, WorkdayPosting, (p) => workdayListing(p, site, ref), 'jobPostings');
}

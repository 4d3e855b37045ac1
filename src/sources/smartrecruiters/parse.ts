import { escapeText } from 'entities';
import { slugify } from '../../infra/slugify.js';
import {
  cleanList,
  cleanOrNull,
  countryName,
  employmentTypeWords,
  isoOrNull,
  makeListing,
} from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing, Workplace } from '../types.js';
import {
  SmartRecruitersPosting,
  type SmartRecruitersPostingDetail,
  SmartRecruitersPostingList,
} from './schema.js';

/**
 * SmartRecruiters' fullLocation repeats itself ("Dublin, Dublin, Ireland", "Poland, REMOTE, Poland"
 * for a city-less remote posting): each place once, and the REMOTE region left to `workplace`.
 */
function locationOf(posting: SmartRecruitersPosting): string[] {
  const loc = posting.location;
  if (!loc) return [];
  const full =
    loc.fullLocation ?? [loc.city, loc.region, countryName(loc.country)].filter(Boolean).join(', ');
  const parts: string[] = [];
  for (const part of full.split(',').map((p) => p.trim())) {
    const key = part.toLowerCase();
    if (part === '' || (key === 'remote' && loc.remote === true)) continue;
    if (!parts.some((p) => p.toLowerCase() === key)) parts.push(part);
  }
  return cleanList([parts.join(', ') || full]);
}

function workplaceOfLocation(loc: SmartRecruitersPosting['location']): Workplace {
  if (loc?.hybrid === true) return 'hybrid';
  if (loc?.remote === true) return 'remote';
  return loc?.remote === false ? 'onsite' : null;
}

export function smartRecruitersListing(posting: SmartRecruitersPosting, ref: BoardRef): JobListing {
  const title = posting.name.replace(/\s+/g, ' ');
  const company = posting.company?.identifier ?? ref.board;
  return makeListing(ref, {
    jobId: posting.id,
    title,
    locations: locationOf(posting),
    countries: cleanList([countryName(posting.location?.country)]),
    workplace: workplaceOfLocation(posting.location),
    department: cleanOrNull(posting.department?.label) ?? cleanOrNull(posting.function?.label),
    employmentType: employmentTypeWords([posting.typeOfEmployment?.label]),
    // The list has no posting URL; the hosted page is <company>/<id>-<title slug>.
    url: `https://jobs.smartrecruiters.com/${encodeURIComponent(company)}/${posting.id}-${slugify(title)}`,
    postedAt: isoOrNull(posting.releasedDate),
    updatedAt: null,
    requisitionId: cleanOrNull(posting.refNumber),
    description: null,
  });
}

/** One page of GET /v1/companies/<id>/postings: its records and totalFound. */
export function parseSmartRecruitersPage(payload: unknown, ref: BoardRef): SmartRecruitersPostingList {
  return parseEnvelope(SmartRecruitersPostingList, payload, ref);
}

export function parseSmartRecruitersPostings(items: readonly unknown[], ref: BoardRef): ParsedBoard {
  return parseRecords(items, SmartRecruitersPosting, (p) => smartRecruitersListing(p, ref), 'content');
}

/** The job's own sections (not the company blurb) as one HTML document. */
export function smartRecruitersDescriptionHtml(detail: SmartRecruitersPostingDetail): string {
  const { jobDescription, qualifications, additionalInformation } = detail.jobAd.sections;
  return [jobDescription, qualifications, additionalInformation]
    .filter((s) => s?.text?.trim())
    .map((s) => `${s?.title ? `<h2>${escapeText(s.title)}</h2>\n` : ''}${s?.text ?? ''}`)
    .join('\n');
}

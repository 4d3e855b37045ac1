import { escapeText } from 'entities';
import {
  cleanList,
  cleanOrNull,
  countryName,
  employmentTypeWords,
  isoOrNull,
  makeListing,
  makeSalary,
  salaryPeriod,
  workplaceFromLocations,
  workplaceOf,
} from '../shared/listing.js';
import { type BoardRef, type ParsedBoard, parseEnvelope, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { LeverPosting, LeverPostingList } from './schema.js';

/**
 * Lever's `description` lacks the requirement lists and the closing section; the full posting is
 * description + each list (a heading and bare `<li>`s) + additional.
 */
export function leverDescriptionHtml(posting: LeverPosting): string {
  const lists = (posting.lists ?? []).map(
    (list) => `<h3>${escapeText(list.text ?? '')}</h3>\n<ul>${list.content ?? ''}</ul>`,
  );
  return [posting.description ?? '', ...lists, posting.additional ?? ''].filter((p) => p.trim()).join('\n');
}

function salaryOf(posting: LeverPosting) {
  const range = posting.salaryRange;
  if (!range) return null;
  return makeSalary(range.min, range.max, range.currency, salaryPeriod(range.interval));
}

export function leverListing(posting: LeverPosting, ref: BoardRef): JobListing {
  const categories = posting.categories;
  const locations = cleanList([categories?.location, ...(categories?.allLocations ?? [])]);
  const html = leverDescriptionHtml(posting);
  return makeListing(ref, {
    jobId: posting.id,
    title: posting.text.replace(/\s+/g, ' '),
    locations,
    countries: cleanList([countryName(posting.country)]),
    workplace: workplaceOf(posting.workplaceType) ?? workplaceFromLocations(locations),
    department: cleanOrNull(categories?.department) ?? cleanOrNull(categories?.team),
    team: cleanOrNull(categories?.team),
    employmentType: employmentTypeWords([categories?.commitment]),
    salary: salaryOf(posting),
    url: posting.hostedUrl,
    postedAt: isoOrNull(posting.createdAt),
    updatedAt: null,
    requisitionId: null,
    description: html ? { format: 'html', content: html } : null,
  });
}

/** GET /v0/postings/<site>?mode=json -> listings. */
export function parseLeverPostings(payload: unknown, ref: BoardRef): ParsedBoard {
  const postings = parseEnvelope(LeverPostingList, payload, ref);
  return parseRecords(postings, LeverPosting, (p) => leverListing(p, ref), 'postings');
}

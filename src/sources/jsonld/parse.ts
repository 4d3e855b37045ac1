import { decodeHTML } from 'entities';
import { contentJobId, idInUrl, resolveHttpUrl } from '../html/ids.js';
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
import { type BoardRef, type ParsedBoard, parseRecords } from '../shared/records.js';
import type { JobListing } from '../types.js';
import { flattenNodes, isJobPostingType, ldJsonBlocks, parseLdJson } from './blocks.js';
import { Identifier, JobPosting, type MonetaryAmount, type Place } from './schema.js';

/** iCIMS and others fill fields they do not have with a placeholder. */
const PLACEHOLDER = /^(unavailable|n\/?a|null|undefined|-)$/i;

const usable = (value: string | undefined): string | null => {
  const text = cleanOrNull(value);
  return text && !PLACEHOLDER.test(text) ? text : null;
};

/**
 * A Place as one location line. A locality that already reads as a full location ("Round Rock,
 * Texas, United States", Workday) is taken as it is; else locality, region and country are joined.
 */
export function placeText(place: Place): string | null {
  const address = place.address;
  if (typeof address === 'string') return usable(address) ?? usable(place.name);
  const locality = usable(address?.addressLocality);
  if (locality?.includes(',')) return locality;
  const country = address?.addressCountry;
  const parts = cleanList([
    locality,
    usable(address?.addressRegion),
    usable(typeof country === 'string' ? country : country?.name),
  ]);
  return parts.length > 0 ? parts.join(', ') : usable(place.name);
}

function isRemote(posting: JobPosting): boolean {
  return (posting.jobLocationType ?? []).some((t) => workplaceOf(t) === 'remote');
}

/** The addresses' countries; for a remote job, the countries applicants may live in. */
function countriesOf(posting: JobPosting): string[] {
  const named = (posting.jobLocation ?? []).map((place) => {
    const address = place.address;
    const country = typeof address === 'string' ? undefined : address?.addressCountry;
    return usable(typeof country === 'string' ? country : country?.name);
  });
  const applicants = isRemote(posting)
    ? (posting.applicantLocationRequirements ?? []).map((r) => usable(r.name))
    : [];
  return cleanList([...named, ...applicants].map((c) => countryName(c)));
}

function salaryOf(pay: MonetaryAmount | undefined) {
  const value = pay?.value;
  if (value === undefined) return null;
  if (typeof value === 'number') return makeSalary(value, value, pay?.currency, null);
  const period = salaryPeriod(value.unitText);
  return makeSalary(value.minValue ?? value.value, value.maxValue ?? value.value, pay?.currency, period);
}

function organisationOf(posting: JobPosting): string | null {
  const org = posting.hiringOrganization;
  return usable(typeof org === 'string' ? org : org?.name);
}

function locationsOf(posting: JobPosting): string[] {
  const places = cleanList((posting.jobLocation ?? []).map(placeText));
  if (places.length > 0 || !isRemote(posting)) return places;
  // A fully remote job names where applicants may live instead of a place.
  const regions = cleanList((posting.applicantLocationRequirements ?? []).map((r) => usable(r.name)));
  return regions.length > 0 ? regions.map((r) => `Remote - ${r}`) : ['Remote'];
}

function identifierText(id: Identifier | undefined): string | null {
  if (id === undefined) return null;
  return usable(typeof id === 'string' ? id : id.value);
}

/** Text that arrives entity-escaped once more than it should ("&lt;p&gt;", "R&amp;amp;D") is decoded. */
function decodeOnce(text: string, wantsTags: boolean): string {
  if (wantsTags && !/<[a-z/!]/i.test(text) && /&lt;[a-z/]/i.test(text)) return decodeHTML(text);
  if (!wantsTags && /&(?:[a-z]+|#\d+|#x[\da-f]+);/i.test(text)) return decodeHTML(text);
  return text;
}

export interface JobPostingContext {
  ref: BoardRef;
  /** The page the posting is on: relative URLs resolve against it; the url of postings without one. */
  pageUrl: string;
  /** Identifier values shared by several postings on the page, which therefore do not name a job. */
  sharedIdentifiers: ReadonlySet<string>;
}

/** One validated JobPosting -> a listing. Id: identifier value, else the id in its URL, else a content hash. */
export function jobPostingListing(posting: JobPosting, ctx: JobPostingContext): JobListing {
  const title = decodeOnce(posting.title, false);
  const locations = locationsOf(posting);
  const ownUrl = resolveHttpUrl(posting.url, ctx.pageUrl);
  const identifier = identifierText(posting.identifier);
  const requisitionId = identifier && !ctx.sharedIdentifiers.has(identifier) ? identifier : null;
  const description = posting.description?.trim() ? decodeOnce(posting.description.trim(), true) : null;
  // A folder name and a state key, so never the whole URL: the id the URL carries, else a hash.
  const urlId = ownUrl === null ? null : idInUrl(ownUrl);
  return makeListing(ctx.ref, {
    jobId: requisitionId ?? urlId ?? contentJobId(title, locations.join(' / '), ownUrl),
    title,
    locations,
    countries: countriesOf(posting),
    workplace: isRemote(posting) ? 'remote' : workplaceFromLocations(locations),
    department: null,
    employmentType: employmentTypeWords(posting.employmentType ?? []),
    hiringOrganization: organisationOf(posting),
    validThrough: isoOrNull(usable(posting.validThrough)),
    salary: salaryOf(posting.baseSalary),
    url: ownUrl ?? ctx.pageUrl,
    postedAt: isoOrNull(posting.datePosted),
    updatedAt: null,
    requisitionId,
    description: description ? { format: 'html', content: description } : null,
  });
}

/**
 * Identifier values that several different postings carry (Wellfound puts the company name there):
 * those name no job. The same posting repeated on the page does not count.
 */
function sharedIdentifiers(nodes: readonly Record<string, unknown>[]): Set<string> {
  const titles = new Map<string, Set<unknown>>();
  for (const node of nodes) {
    const parsed = Identifier.safeParse(node['identifier']);
    const id = parsed.success ? identifierText(parsed.data) : null;
    if (id) titles.set(id, (titles.get(id) ?? new Set()).add(node['title']));
  }
  return new Set([...titles].filter(([, seen]) => seen.size > 1).map(([id]) => id));
}

export interface JsonLdPage extends ParsedBoard {
  /** ld+json blocks on the page, parsed or not. */
  blocks: number;
  /** JobPosting nodes found, valid or not. */
  postings: number;
}

/**
 * A page's JSON-LD -> listings. A block that is not JSON is skipped with a warning (and counted as
 * a skipped job when it mentions JobPosting); a JobPosting that fails the schema is skipped and
 * counted; the same job twice on one page is listed once.
 */
export function parseJsonLdPage(html: string, pageUrl: string, ref: BoardRef): JsonLdPage {
  const blocks = ldJsonBlocks(html);
  const nodes: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  let brokenPostings = 0;
  for (const block of blocks) {
    try {
      nodes.push(...flattenNodes(parseLdJson(block.text)));
    } catch (error) {
      const jobLike = /JobPosting/.test(block.text);
      if (jobLike) brokenPostings++;
      const reason = error instanceof Error ? error.message : String(error);
      warnings.push(
        `skipped ld+json block ${block.index} of ${blocks.length}${jobLike ? ' (a JobPosting)' : ''}: not valid JSON (${reason})`,
      );
    }
  }
  const postings = nodes.filter((node) => isJobPostingType(node['@type']));
  const context: JobPostingContext = { ref, pageUrl, sharedIdentifiers: sharedIdentifiers(postings) };
  const parsed = parseRecords(postings, JobPosting, (p) => jobPostingListing(p, context), 'JobPosting');
  const seen = new Set<string>();
  const listings = parsed.listings.filter((l) => !seen.has(l.id) && seen.add(l.id));
  return {
    listings,
    skipped: parsed.skipped + brokenPostings,
    warnings: [...warnings, ...parsed.warnings],
    blocks: blocks.length,
    postings: postings.length + brokenPostings,
  };
}

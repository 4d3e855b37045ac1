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
import type { JobListing, Workplace } from '../types.js';
import { AshbyJob, AshbyJobBoard } from './schema.js';

/** workplaceType (2026 payloads) says it all; older ones only have isRemote. */
function workplaceOfJob(job: AshbyJob, locations: string[]): Workplace {
  const stated = workplaceOf(job.workplaceType);
  if (stated !== null) return stated;
  if (job.isRemote === true) return 'remote';
  return workplaceFromLocations(locations) ?? (job.isRemote === false ? 'onsite' : null);
}

/** The salary component of the summary, with the board's own summary line as its text. */
function salaryOf(job: AshbyJob) {
  const pay = job.compensation;
  if (!pay) return null;
  const salary = pay.summaryComponents?.find((c) => /salary/i.test(c.compensationType ?? ''));
  const summary = pay.scrapeableCompensationSalarySummary ?? pay.compensationTierSummary;
  if (!salary) return makeSalary(null, null, null, salaryPeriod(summary), summary);
  return makeSalary(
    salary.minValue,
    salary.maxValue,
    salary.currencyCode,
    salaryPeriod(salary.interval),
    summary,
  );
}

/** A listing, or null for a job the board does not list publicly (isListed: false). */
export function ashbyListing(job: AshbyJob, ref: BoardRef): JobListing | null {
  if (job.isListed === false) return null;
  const locations = cleanList([job.location, ...(job.secondaryLocations ?? []).map((s) => s.location)]);
  return makeListing(ref, {
    jobId: job.id,
    title: job.title.replace(/\s+/g, ' '),
    locations,
    countries: cleanList(
      [job.address, ...(job.secondaryLocations ?? []).map((s) => s.address)].map((a) =>
        countryName(a?.postalAddress?.addressCountry),
      ),
    ),
    workplace: workplaceOfJob(job, locations),
    department: cleanOrNull(job.department) ?? cleanOrNull(job.team),
    team: cleanOrNull(job.team),
    employmentType: employmentTypeWords([job.employmentType]),
    salary: salaryOf(job),
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

import type { SimBoard, SimContext, SimJob, SimRequest, SimResponse, SimRoute } from '../types.js';
import { json } from '../types.js';
import { pageUrl, param, placeOf, plainOf, uuidFor } from './api-shared.js';

/**
 * Ashby posting API (api.ashbyhq.com/posting-api/job-board/<name>): `{jobs, apiVersion}`, full
 * descriptions inline, unlisted jobs included with isListed false, compensation only on request,
 * and a plain "Not Found" for unknown boards. Board names may contain spaces (%20).
 */

export const ashbyId = (job: SimJob): string => uuidFor('ashby', job.id);

function postalAddress(location: string): Record<string, string> {
  const place = placeOf(location);
  return {
    // Ashby fills the region for most places ("Florida", "Berlin"); remote areas have a country only.
    ...(place.region || place.city ? { addressRegion: place.region ?? place.city ?? '' } : {}),
    ...(place.country ? { addressCountry: place.country } : {}),
    ...(place.city ? { addressLocality: place.city } : {}),
  };
}

function jobJson(
  board: SimBoard,
  job: SimJob,
  ctx: SimContext,
  withCompensation: boolean,
): Record<string, unknown> {
  const [primary = '', ...others] = job.locations;
  const jobUrl = pageUrl(ctx, board, job);
  return {
    id: ashbyId(job),
    title: job.title,
    department: job.department,
    team: job.team,
    employmentType: job.employmentType,
    location: primary,
    shouldDisplayCompensationOnJobPostings: false,
    secondaryLocations: others.map((location) => ({
      location,
      address: { postalAddress: postalAddress(location) },
    })),
    publishedAt: job.postedAt.replace(/Z$/, '+00:00'),
    isListed: !job.unlisted,
    isRemote: job.remote,
    workplaceType: job.remote ? 'Remote' : 'OnSite',
    address: { postalAddress: postalAddress(primary) },
    jobUrl,
    applyUrl: `${jobUrl}/application`,
    descriptionHtml: job.descriptionHtml,
    descriptionPlain: plainOf(job.descriptionHtml),
    ...(withCompensation
      ? {
          compensation: {
            compensationTierSummary: null,
            scrapeableCompensationSalarySummary: null,
            compensationTiers: [],
            summaryComponents: [],
          },
        }
      : {}),
  };
}

const slugOf = (match: RegExpExecArray): string => param(match, 1);

function jobBoard(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('ashby', slugOf(match));
  if (!board) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  const withCompensation = req.url.searchParams.get('includeCompensation') === 'true';
  // Key order as the real API writes it: jobs, then apiVersion.
  return json(200, {
    jobs: board.jobs.map((job) => jobJson(board, job, ctx, withCompensation)),
    apiVersion: '1',
  });
}

export const routes: SimRoute[] = [
  {
    kind: 'ashby',
    method: 'GET',
    pattern: /^\/posting-api\/job-board\/([^/]+)\/?$/,
    slugOf,
    handle: jobBoard,
  },
];

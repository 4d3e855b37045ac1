import type { SimBoard, SimContext, SimJob, SimRequest, SimResponse, SimRoute } from '../types.js';
import { json } from '../types.js';
import { boardToday, hexFor, pageUrl, param, placeOf } from './api-shared.js';

/**
 * Workday CXS API (<tenant>.wd<N>.myworkdayjobs.com/wday/cxs/<tenant>/<site>/...): a POST list
 * with limit <= 20 (more is a 400), `total` on offset 0 only, a 2000-job cap past which offsets
 * wrap to the start, relative `postedOn`, and a detail GET at the posting's externalPath.
 * The board's slug is `tenant/site`.
 */

export const PAGE_LIMIT = 20;
/** Big tenants report at most this many and wrap around past it. */
export const TOTAL_CAP = 2000;
const DAY_MS = 86_400_000;

/** Workday path slugs: accents dropped, every other character but letters and digits a '-'. */
function pathSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]/g, '-');
}

/** `/job/<location>/<title>_<reqId>` */
export function externalPath(job: SimJob): string {
  return `/job/${pathSlug(job.locations[0] ?? 'Remote')}/${pathSlug(job.title)}_${job.requisitionId}`;
}

/** "Posted Today" ... relative to the board's newest posting, so answers repeat exactly. */
function postedOn(board: SimBoard, job: SimJob): string {
  const days = Math.floor((boardToday(board) - Date.parse(job.postedAt)) / DAY_MS);
  if (days <= 0) return 'Posted Today';
  if (days === 1) return 'Posted Yesterday';
  if (days >= 30) return 'Posted 30+ Days Ago';
  return `Posted ${days} Days Ago`;
}

const locationsText = (job: SimJob): string =>
  job.locations.length === 1 ? (job.locations[0] ?? '') : `${job.locations.length} Locations`;

function postingJson(board: SimBoard, job: SimJob): Record<string, unknown> {
  return {
    title: job.title,
    externalPath: externalPath(job),
    locationsText: locationsText(job),
    postedOn: postedOn(board, job),
    bulletFields: [job.requisitionId],
  };
}

function facets(jobs: SimJob[]): unknown[] {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([descriptor, n]) => ({ descriptor, id: hexFor('facet', descriptor), count: n }));
  };
  return [
    {
      facetParameter: 'jobFamilyGroup',
      descriptor: 'Job Category',
      values: count(jobs.map((j) => j.department)),
    },
    { facetParameter: 'locations', descriptor: 'Locations', values: count(jobs.flatMap((j) => j.locations)) },
  ];
}

const badRequest = (message: string): SimResponse =>
  json(400, { errorCode: 'HTTP_400', httpStatus: 400, message, messageParams: {} });
const notFound = (): SimResponse =>
  json(404, { errorCode: 'HTTP_404', httpStatus: 404, message: 'not found', messageParams: {} });

interface ListBody {
  appliedFacets: Record<string, string[]>;
  limit: number;
  offset: number;
  searchText: string;
}

function readBody(value: unknown): ListBody | string {
  if (typeof value !== 'object' || value === null) return 'request body must be JSON';
  const body = value as Record<string, unknown>;
  const limit = body['limit'] ?? PAGE_LIMIT;
  const offset = body['offset'] ?? 0;
  if (typeof limit !== 'number' || typeof offset !== 'number') return 'limit and offset must be numbers';
  const facetsIn = body['appliedFacets'];
  const appliedFacets: Record<string, string[]> = {};
  if (typeof facetsIn === 'object' && facetsIn !== null) {
    for (const [k, v] of Object.entries(facetsIn)) if (Array.isArray(v)) appliedFacets[k] = v.map(String);
  }
  return {
    appliedFacets,
    limit,
    offset,
    searchText: typeof body['searchText'] === 'string' ? body['searchText'] : '',
  };
}

function matching(jobs: SimJob[], body: ListBody): SimJob[] {
  const search = body.searchText.toLowerCase();
  const family = body.appliedFacets['jobFamilyGroup'];
  const places = body.appliedFacets['locations'];
  return jobs.filter(
    (j) =>
      (!search || j.title.toLowerCase().includes(search)) &&
      (!family?.length || family.includes(hexFor('facet', j.department))) &&
      (!places?.length || j.locations.some((l) => places.includes(hexFor('facet', l)))),
  );
}

const slugOf = (match: RegExpExecArray): string => `${param(match, 1)}/${param(match, 2)}`;

/** The list route, with the cap a test may lower to exercise the wrap-around cheaply. */
const listWithCap =
  (totalCap: number) =>
  (match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse => {
    const board = ctx.board('workday', slugOf(match));
    if (!board) return notFound();
    const body = readBody(req.json);
    if (typeof body === 'string') return badRequest(body);
    if (body.limit > PAGE_LIMIT || body.limit < 1)
      return badRequest(`limit must be between 1 and ${PAGE_LIMIT}`);
    const jobs = matching(
      board.jobs.filter((j) => !j.unlisted),
      body,
    ).slice(0, totalCap);
    // Past the cap the real API starts again from the top.
    const start = body.offset >= totalCap ? body.offset % totalCap : body.offset;
    return json(200, {
      total: body.offset === 0 ? jobs.length : 0,
      jobPostings: jobs.slice(start, start + body.limit).map((job) => postingJson(board, job)),
      facets: body.offset === 0 ? facets(jobs) : [],
      userAuthenticated: false,
    });
  };

function country(location: string): { descriptor: string; id: string; alpha2Code: string | null } {
  const place = placeOf(location);
  const descriptor = place.country ?? 'United States';
  return { descriptor, id: hexFor('country', descriptor), alpha2Code: place.alpha2 };
}

function detail(match: RegExpExecArray, _req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('workday', slugOf(match));
  const path = param(match, 3);
  const job = board?.jobs.find((j) => externalPath(j) === path);
  if (!board || !job) return notFound();
  // A delisted requisition answers "permission denied" rather than 404.
  if (job.unlisted) {
    return json(403, {
      errorCode: 'S22',
      errorCaseId: hexFor('case', job.id),
      httpStatus: 403,
      message: 'permission denied',
      messageParams: {},
    });
  }
  const site = param(match, 2);
  const [primary = '', ...others] = job.locations;
  const { alpha2Code, ...countryRef } = country(primary);
  const jobPostingId = path.split('/').pop() ?? '';
  return json(200, {
    jobPostingInfo: {
      id: hexFor('workday-posting', job.id),
      title: job.title,
      jobDescription: job.descriptionHtml,
      location: primary,
      ...(others.length > 0 ? { additionalLocations: others } : {}),
      postedOn: postedOn(board, job),
      startDate: job.postedAt.slice(0, 10),
      timeType: job.employmentType === 'PartTime' ? 'Part time' : 'Full time',
      jobReqId: job.requisitionId,
      jobPostingId,
      jobPostingSiteId: site,
      country: countryRef,
      canApply: true,
      posted: true,
      includeResumeParsing: true,
      jobRequisitionLocation: { descriptor: primary, country: { ...countryRef, alpha2Code } },
      externalUrl: `${ctx.origin}/${encodeURIComponent(site)}${path}`,
      questionnaireId: hexFor('questionnaire', board.slug),
    },
    hiringOrganization: { name: board.companyName, url: '' },
    similarJobs: [],
    userAuthenticated: false,
  });
}

/** The posting's human page (`/<site>/job/...`) redirects to the simulator's posting page. */
function humanPage(match: RegExpExecArray, _req: SimRequest, ctx: SimContext): SimResponse {
  const site = param(match, 1);
  const path = `/job/${param(match, 2)}`;
  for (const board of ctx.boards('workday')) {
    if (board.slug.split('/')[1] !== site) continue;
    const job = board.jobs.find((j) => externalPath(j) === path);
    if (job) return { status: 302, headers: { location: pageUrl(ctx, board, job) }, body: '' };
  }
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
}

/** Workday's routes; `totalCap` lowers the 2000-job cap (tests of the wrap-around). */
export function createWorkdayRoutes(options: { totalCap?: number } = {}): SimRoute[] {
  return [
    {
      kind: 'workday',
      method: 'POST',
      pattern: /^\/wday\/cxs\/([^/]+)\/([^/]+)\/jobs\/?$/,
      slugOf,
      handle: listWithCap(options.totalCap ?? TOTAL_CAP),
    },
    {
      kind: 'workday',
      method: 'GET',
      pattern: /^\/wday\/cxs\/([^/]+)\/([^/]+)(\/job\/.+)$/,
      slugOf,
      detail: true,
      handle: detail,
    },
    {
      kind: 'workday',
      method: 'GET',
      pattern: /^\/([^/]+)\/job\/(.+)$/,
      slugOf: () => undefined,
      handle: humanPage,
    },
  ];
}

export const routes: SimRoute[] = createWorkdayRoutes();

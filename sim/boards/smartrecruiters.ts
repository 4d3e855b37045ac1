import type { SimBoard, SimContext, SimJob, SimRequest, SimResponse, SimRoute } from '../types.js';
import { json } from '../types.js';
import {
  hexFor,
  intQuery,
  listOf,
  pageUrl,
  param,
  placeOf,
  publicJobs,
  sectionsOf,
  uuidFor,
} from './api-shared.js';

/**
 * SmartRecruiters Posting API (api.smartrecruiters.com/v1/companies/<id>/postings): limit <= 100
 * with offset and totalFound, 200 with an empty list for an unknown company, and a detail with
 * the job ad's sections.
 */

export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;

/** SmartRecruiters posting ids are 15-digit numeric strings. */
export const smartRecruitersId = (job: SimJob): string => `7440${job.id.padStart(11, '0')}`;

const TYPE_OF_EMPLOYMENT: Record<SimJob['employmentType'], { id: string; label: string }> = {
  FullTime: { id: 'permanent', label: 'Full-time' },
  PartTime: { id: 'part_time', label: 'Part-time' },
  Contract: { id: 'contract', label: 'Contract' },
  Intern: { id: 'intern', label: 'Internship' },
};

const FUNCTIONS: Record<string, { id: string; label: string }> = {
  Engineering: { id: 'engineering', label: 'Engineering' },
  Data: { id: 'information_technology', label: 'Information Technology' },
  Product: { id: 'product_management', label: 'Product Management' },
  'Go To Market': { id: 'sales', label: 'Sales' },
};

function experienceLevel(title: string): { id: string; label: string } {
  if (/\bintern\b/i.test(title)) return { id: 'internship', label: 'Internship' };
  if (/\b(senior|staff|lead|principal|manager)\b/i.test(title))
    return { id: 'mid_senior_level', label: 'Mid-Senior Level' };
  return { id: 'associate', label: 'Associate' };
}

function locationJson(job: SimJob): Record<string, unknown> {
  const place = placeOf(job.locations[0] ?? '');
  const country = place.country ?? 'United States';
  // Remote postings read "Poland, REMOTE, Poland" in the real API.
  const city = place.city ?? country;
  const region = place.remote ? 'REMOTE' : (place.region ?? city);
  return {
    city,
    region,
    country: (place.alpha2 ?? 'us').toLowerCase(),
    remote: place.remote,
    hybrid: false,
    fullLocation: `${city}, ${region}, ${country}`,
  };
}

function postingJson(board: SimBoard, job: SimJob, ctx: SimContext): Record<string, unknown> {
  const id = smartRecruitersId(job);
  const departmentId = String(Number.parseInt(hexFor('department', job.department).slice(0, 6), 16));
  const place = placeOf(job.locations[0] ?? '');
  return {
    id,
    name: job.title,
    uuid: uuidFor('smartrecruiters', job.id),
    jobAdId: uuidFor('smartrecruiters-ad', job.id),
    defaultJobAd: true,
    refNumber: job.requisitionId,
    company: { identifier: board.slug, name: board.companyName },
    releasedDate: job.postedAt,
    location: locationJson(job),
    industry: { id: 'computer_software', label: 'Computer Software' },
    department: { id: departmentId, label: job.department },
    function: FUNCTIONS[job.department] ?? { id: 'administrative', label: 'Administrative' },
    typeOfEmployment: TYPE_OF_EMPLOYMENT[job.employmentType],
    experienceLevel: experienceLevel(job.title),
    customField: [
      {
        fieldId: '58b7e4d6e4b0885c92cd98ee',
        fieldLabel: 'Department',
        valueId: departmentId,
        valueLabel: job.department,
      },
      {
        fieldId: 'COUNTRY',
        fieldLabel: 'Country/Region',
        valueId: (place.alpha2 ?? 'us').toLowerCase(),
        valueLabel: place.country ?? 'United States',
      },
    ],
    visibility: 'PUBLIC',
    ref: `${ctx.origin}/v1/companies/${encodeURIComponent(board.slug)}/postings/${id}`,
    language: { code: 'en', label: 'English', labelNative: 'English (US)' },
  };
}

/** The job ad's sections: requirements apart, anything after the requirements list as extra. */
function sections(board: SimBoard, job: SimJob): Record<string, { title: string; text: string }> {
  const description: string[] = [];
  let qualifications = '';
  let additional = '';
  for (const section of sectionsOf(job.descriptionHtml)) {
    const list = listOf(section);
    if (section.heading && /looking for|requirements|qualifications/i.test(section.heading) && list) {
      qualifications = `<ul>${list.items}</ul>`;
      additional = list.after;
    } else if (!section.heading || !/^about\b/i.test(section.heading)) {
      description.push(section.heading ? `<h3>${section.heading}</h3>${section.body}` : section.body);
    }
  }
  return {
    companyDescription: { title: 'Company Description', text: `<p>${board.about}</p>` },
    jobDescription: { title: 'Job Description', text: description.join('\n') },
    qualifications: { title: 'Qualifications', text: qualifications },
    additionalInformation: { title: 'Additional Information', text: additional },
  };
}

const slugOf = (match: RegExpExecArray): string => param(match, 1);

/** Company identifiers are matched without regard to case, as the real API does. */
function findBoard(ctx: SimContext, slug: string): SimBoard | undefined {
  return (
    ctx.board('smartrecruiters', slug) ??
    ctx.boards('smartrecruiters').find((b) => b.slug.toLowerCase() === slug.toLowerCase())
  );
}

function list(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse {
  const limit = intQuery(req.url, 'limit', DEFAULT_LIMIT);
  const offset = intQuery(req.url, 'offset', 0);
  if (limit > MAX_LIMIT) {
    return json(400, {
      errors: [{ code: 'INVALID_PARAMETER', message: `limit must be less than or equal to ${MAX_LIMIT}` }],
    });
  }
  const board = findBoard(ctx, slugOf(match));
  // An unknown company is not an error here: the real API answers 200 with nothing in it.
  const jobs = board ? publicJobs(board) : [];
  return json(200, {
    offset,
    limit,
    totalFound: jobs.length,
    content: board ? jobs.slice(offset, offset + limit).map((job) => postingJson(board, job, ctx)) : [],
  });
}

function detail(match: RegExpExecArray, _req: SimRequest, ctx: SimContext): SimResponse {
  const board = findBoard(ctx, slugOf(match));
  const job = board && publicJobs(board).find((j) => smartRecruitersId(j) === param(match, 2));
  if (!board || !job) return json(404, { message: 'Posting not found', code: 'NOT_FOUND' });
  const { ref: _ref, language, ...fields } = postingJson(board, job, ctx);
  const postingUrl = pageUrl(ctx, board, job);
  return json(200, {
    ...fields,
    creator: { name: 'Hiring Team' },
    language,
    postingUrl,
    applyUrl: `${postingUrl}?apply=1`,
    jobAd: { sections: sections(board, job) },
    active: true,
  });
}

export const routes: SimRoute[] = [
  {
    kind: 'smartrecruiters',
    method: 'GET',
    pattern: /^\/v1\/companies\/([^/]+)\/postings\/?$/,
    slugOf,
    handle: list,
  },
  {
    kind: 'smartrecruiters',
    method: 'GET',
    pattern: /^\/v1\/companies\/([^/]+)\/postings\/([^/]+)\/?$/,
    slugOf,
    detail: true,
    handle: detail,
  },
];

import { escapeText } from 'entities';
import type { SimBoard, SimContext, SimJob, SimRequest, SimResponse, SimRoute } from '../types.js';
import { json } from '../types.js';
import { hexFor, isoWithOffset, pageUrl, param, publicJobs } from './api-shared.js';

/**
 * Greenhouse Job Board API (boards-api.greenhouse.io): the whole board in one answer, optional
 * `content=true` with entity-escaped HTML, job detail, board intro, ETags, and the real 404 body.
 */

/** Greenhouse boards answer in the company's timezone; the fixtures are US Eastern (-04:00). */
const OFFSET_HOURS = -4;
const NOT_FOUND: SimResponse = json(404, { status: 404, error: 'Job not found' });

/** Greenhouse escapes description HTML as entities, apostrophes as &#39;. */
function escapeContent(html: string): string {
  return html
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const numericId = (scope: string, text: string): number =>
  4_000_000_000 + (Number.parseInt(hexFor(scope, text).slice(0, 7), 16) % 1_000_000_000);

function jobJson(
  board: SimBoard,
  job: SimJob,
  ctx: SimContext,
  withContent: boolean,
): Record<string, unknown> {
  const location = job.locations.join('; ');
  const base: Record<string, unknown> = {
    absolute_url: pageUrl(ctx, board, job),
    data_compliance: [
      {
        type: 'gdpr',
        requires_consent: false,
        requires_processing_consent: false,
        requires_retention_consent: false,
        retention_period: null,
        demographic_data_consent_applies: false,
      },
    ],
    internal_job_id: Number(job.id) + 1_000_000,
    location: { name: location },
    metadata: null,
    id: Number(job.id),
    updated_at: isoWithOffset(job.updatedAt, OFFSET_HOURS),
    requisition_id: job.requisitionId,
    title: job.title,
    company_name: board.companyName,
    first_published: isoWithOffset(job.postedAt, OFFSET_HOURS),
    language: 'en',
    application_deadline: null,
  };
  if (withContent) {
    base['content'] = escapeContent(job.descriptionHtml);
    base['departments'] = [
      { id: numericId('department', job.department), name: job.department, child_ids: [], parent_id: null },
    ];
    base['offices'] = job.locations.map((l) => ({
      id: numericId('office', l),
      name: l,
      location: l,
      child_ids: [],
      parent_id: null,
    }));
  }
  return { ...base, ai_disclaimer: null, include_ai_disclaimer: null, ai_opt_out_request_url: null };
}

/** Sent with every success: the server turns it into a content hash and answers 304 to a match. */
const ETAG = { etag: 'auto' };

const slugOf = (match: RegExpExecArray): string => param(match, 1);

function list(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('greenhouse', slugOf(match));
  if (!board) return NOT_FOUND;
  const withContent = req.url.searchParams.get('content') === 'true';
  const jobs = publicJobs(board).map((job) => jobJson(board, job, ctx, withContent));
  return json(200, { jobs, meta: { total: jobs.length } }, ETAG);
}

function detail(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('greenhouse', slugOf(match));
  const job = board && publicJobs(board).find((j) => j.id === param(match, 2));
  if (!board || !job) return NOT_FOUND;
  const body = jobJson(board, job, ctx, true);
  if (req.url.searchParams.get('questions') === 'true') {
    body['questions'] = [
      {
        required: true,
        label: 'First Name',
        fields: [{ name: 'first_name', type: 'input_text', values: [] }],
      },
      { required: true, label: 'Resume/CV', fields: [{ name: 'resume', type: 'input_file', values: [] }] },
    ];
    body['location_questions'] = [];
    body['compliance'] = [];
  }
  if (req.url.searchParams.get('pay_transparency') === 'true') body['pay_input_ranges'] = [];
  return json(200, body, ETAG);
}

function boardInfo(match: RegExpExecArray, _req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('greenhouse', slugOf(match));
  if (!board) return NOT_FOUND;
  return json(200, { name: board.companyName, content: `<p>${escapeText(board.about)}</p>` }, ETAG);
}

export const routes: SimRoute[] = [
  { kind: 'greenhouse', method: 'GET', pattern: /^\/v1\/boards\/([^/]+)\/jobs\/?$/, slugOf, handle: list },
  {
    kind: 'greenhouse',
    method: 'GET',
    pattern: /^\/v1\/boards\/([^/]+)\/jobs\/([^/]+)\/?$/,
    slugOf,
    detail: true,
    handle: detail,
  },
  { kind: 'greenhouse', method: 'GET', pattern: /^\/v1\/boards\/([^/]+)\/?$/, slugOf, handle: boardInfo },
];

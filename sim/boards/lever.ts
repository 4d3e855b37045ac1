import { escapeText } from 'entities';
import type { SimBoard, SimContext, SimJob, SimRequest, SimResponse, SimRoute } from '../types.js';
import { html, json } from '../types.js';
import {
  intQuery,
  listOf,
  pageUrl,
  param,
  placeOf,
  plainOf,
  publicJobs,
  sectionsOf,
  uuidFor,
} from './api-shared.js';

/**
 * Lever Postings API (api.lever.co/v0/postings): a bare array, `skip`/`limit`, repeatable
 * filters, `mode=json` or an Accept header, createdAt in epoch ms, and `{ok:false}` errors.
 */

const NOT_FOUND: SimResponse = json(404, { ok: false, error: 'Document not found' });

const COMMITMENT: Record<SimJob['employmentType'], string> = {
  FullTime: 'Full-time',
  PartTime: 'Part-time',
  Contract: 'Contract',
  Intern: 'Intern',
};

export const leverId = (job: SimJob): string => uuidFor('lever', job.id);

/** Lever splits a posting into an opening, a body, lists (heading + bare `<li>`s) and a closing. */
function pieces(job: SimJob): {
  opening: string;
  body: string;
  lists: Array<{ text: string; content: string }>;
  additional: string;
} {
  const rendered: string[] = [];
  const lists: Array<{ text: string; content: string }> = [];
  const closing: string[] = [];
  for (const section of sectionsOf(job.descriptionHtml)) {
    const list = listOf(section);
    if (list && section.heading) {
      lists.push({ text: section.heading, content: `\n${list.items.trim()}\n` });
      // Text after a list is the closing "additional" section.
      if (list.after) closing.push(list.after);
      continue;
    }
    rendered.push(
      section.heading
        ? `<div><strong>${escapeText(section.heading)}</strong></div>\n${section.body}`
        : section.body,
    );
  }
  return {
    opening: rendered[0] ?? '',
    body: rendered.slice(1).join('\n'),
    lists,
    additional: closing.join('\n'),
  };
}

function postingJson(board: SimBoard, job: SimJob, ctx: SimContext): Record<string, unknown> {
  const { opening, body, lists, additional } = pieces(job);
  const description = [opening, body].filter(Boolean).join('\n');
  const place = placeOf(job.locations[0] ?? '');
  const hostedUrl = pageUrl(ctx, board, job);
  return {
    additionalPlain: plainOf(additional),
    additional,
    categories: {
      commitment: COMMITMENT[job.employmentType],
      location: job.locations[0] ?? '',
      team: job.team,
      allLocations: job.locations,
    },
    createdAt: Date.parse(job.postedAt),
    descriptionPlain: plainOf(description),
    description,
    id: leverId(job),
    lists,
    text: job.title,
    country: place.alpha2,
    // Deterministic mix of on-site and hybrid for non-remote jobs.
    workplaceType: job.remote ? 'remote' : Number(job.id) % 2 === 0 ? 'hybrid' : 'on-site',
    opening,
    openingPlain: plainOf(opening),
    descriptionBody: body,
    descriptionBodyPlain: plainOf(body),
    hostedUrl,
    applyUrl: `${hostedUrl}/apply`,
  };
}

const FILTERS: Record<string, (job: SimJob) => string> = {
  location: (job) => job.locations[0] ?? '',
  commitment: (job) => COMMITMENT[job.employmentType],
  team: (job) => job.team,
  department: (job) => job.department,
};

/** Repeated filters are OR-ed; different filters AND-ed. */
function filtered(jobs: SimJob[], url: URL): SimJob[] {
  return jobs.filter((job) =>
    Object.entries(FILTERS).every(([name, field]) => {
      const wanted = url.searchParams.getAll(name);
      return wanted.length === 0 || wanted.includes(field(job));
    }),
  );
}

/** `mode` wins; else the Accept header picks JSON; else the HTML list. */
function wantsJson(req: SimRequest): boolean {
  const mode = req.url.searchParams.get('mode');
  if (mode) return mode === 'json';
  return String(req.headers.accept ?? '').includes('application/json');
}

const slugOf = (match: RegExpExecArray): string => param(match, 1);

function list(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('lever', slugOf(match));
  if (!board) return NOT_FOUND;
  const skip = intQuery(req.url, 'skip', 0);
  const limit = intQuery(req.url, 'limit', Number.POSITIVE_INFINITY);
  const jobs = filtered(publicJobs(board), req.url).slice(skip, skip + limit);
  if (!wantsJson(req)) {
    const items = jobs.map(
      (j) => `<div class="posting"><a href="${pageUrl(ctx, board, j)}">${escapeText(j.title)}</a></div>`,
    );
    return html(
      200,
      `<!doctype html><html><body><div class="postings">${items.join('\n')}</div></body></html>`,
    );
  }
  return json(
    200,
    jobs.map((job) => postingJson(board, job, ctx)),
  );
}

function detail(match: RegExpExecArray, _req: SimRequest, ctx: SimContext): SimResponse {
  const board = ctx.board('lever', slugOf(match));
  const job = board && publicJobs(board).find((j) => leverId(j) === param(match, 2));
  if (!board || !job) return NOT_FOUND;
  return json(200, postingJson(board, job, ctx));
}

export const routes: SimRoute[] = [
  { kind: 'lever', method: 'GET', pattern: /^\/v0\/postings\/([^/]+)\/?$/, slugOf, handle: list },
  {
    kind: 'lever',
    method: 'GET',
    pattern: /^\/v0\/postings\/([^/]+)\/([^/]+)\/?$/,
    slugOf,
    detail: true,
    handle: detail,
  },
];

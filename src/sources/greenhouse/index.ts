import { apiOrigin, firstSegmentOn, hostIs, pathSegments, requireBoard } from '../shared/board-url.js';
import { htmlToText } from '../shared/html-text.js';
import { type BoardRef, parseEnvelope } from '../shared/records.js';
import { readBoardPage, readDetail, scrapeSinglePayload } from '../shared/request.js';
import type { JobSource, ScrapeContext } from '../types.js';
import { decodeGreenhouseContent, parseGreenhouseJobs } from './parse.js';
import { GreenhouseBoard, GreenhouseJob } from './schema.js';

const REAL_API = 'https://boards-api.greenhouse.io';
const HOSTS = [
  'boards.greenhouse.io',
  'job-boards.greenhouse.io',
  'boards.eu.greenhouse.io',
  'job-boards.eu.greenhouse.io',
];
const EXPECTED = 'https://job-boards.greenhouse.io/<token>';

/** The board token of a hosted Greenhouse board URL (also the old embed form `?for=<token>`). */
export function greenhouseBoardOf(url: URL): string | null {
  if (hostIs(url, HOSTS) && pathSegments(url)[0] === 'embed') return url.searchParams.get('for');
  return firstSegmentOn(url, HOSTS);
}

function boardUrl(ctx: ScrapeContext, token: string): string {
  return `${apiOrigin(ctx, REAL_API)}/v1/boards/${encodeURIComponent(token)}`;
}

export const greenhouse: JobSource = {
  kind: 'greenhouse',

  matches: (url) => greenhouseBoardOf(url) !== null,

  async scrape(ctx) {
    const token = requireBoard(ctx, greenhouseBoardOf, EXPECTED);
    // content=true carries every description, so the fetch stage needs no second request.
    const url = `${boardUrl(ctx, token)}/jobs?content=true`;
    const ref: BoardRef = { kind: 'greenhouse', company: ctx.company.name, board: token, url };
    return scrapeSinglePayload(ctx, url, (body) => parseGreenhouseJobs(body, ref));
  },

  async fetchDescription(listing, ctx) {
    const url = `${boardUrl(ctx, listing.board)}/jobs/${encodeURIComponent(listing.jobId)}`;
    const job = await readDetail(ctx, listing, url, GreenhouseJob);
    return job.content ? { format: 'html', content: decodeGreenhouseContent(job.content) } : null;
  },

  async about(ctx) {
    const token = requireBoard(ctx, greenhouseBoardOf, EXPECTED);
    const url = boardUrl(ctx, token);
    const { body } = await readBoardPage(ctx, url);
    const ref: BoardRef = { kind: 'greenhouse', company: ctx.company.name, board: token, url };
    const board = parseEnvelope(GreenhouseBoard, body, ref);
    const content = board.content ? await htmlToText(decodeGreenhouseContent(board.content)) : '';
    return content || null;
  },
};

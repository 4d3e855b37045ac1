import { apiOrigin, firstSegmentOn, requireBoard } from '../shared/board-url.js';
import type { BoardRef } from '../shared/records.js';
import { scrapeSinglePayload } from '../shared/request.js';
import type { JobSource } from '../types.js';
import { parseAshbyJobBoard } from './parse.js';

/** The board name of a hosted Ashby board (jobs.ashbyhq.com/<name>; may contain spaces). */
export function ashbyBoardOf(url: URL): string | null {
  return firstSegmentOn(url, ['jobs.ashbyhq.com']);
}

/** Ashby's list carries every full description, so there is no fetchDescription. */
export const ashby: JobSource = {
  kind: 'ashby',

  matches: (url) => ashbyBoardOf(url) !== null,

  async scrape(ctx) {
    const name = requireBoard(ctx, ashbyBoardOf, 'https://jobs.ashbyhq.com/<name>');
    const origin = apiOrigin(ctx, 'https://api.ashbyhq.com');
    const url = `${origin}/posting-api/job-board/${encodeURIComponent(name)}`;
    const ref: BoardRef = { kind: 'ashby', company: ctx.company.name, board: name, url };
    return scrapeSinglePayload(ctx, url, (body) => parseAshbyJobBoard(body, ref));
  },
};

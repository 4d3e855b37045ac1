import { apiOrigin, firstSegmentOn, hostIs, requireBoard } from '../shared/board-url.js';
import type { BoardRef } from '../shared/records.js';
import { readDetail, scrapeSinglePayload } from '../shared/request.js';
import type { JobSource, ScrapeContext } from '../types.js';
import { leverDescriptionHtml, parseLeverPostings } from './parse.js';
import { LeverPosting } from './schema.js';

const GLOBAL_HOSTS = ['jobs.lever.co'];
const EU_HOSTS = ['jobs.eu.lever.co'];

/** The site name of a hosted Lever board (jobs.lever.co/<site> or the EU host). */
export function leverSiteOf(url: URL): string | null {
  return firstSegmentOn(url, [...GLOBAL_HOSTS, ...EU_HOSTS]);
}

/** EU-hosted boards are served by the EU API. */
function postingsUrl(ctx: ScrapeContext, site: string): string {
  let isEu = false;
  try {
    isEu = hostIs(new URL(ctx.company.url), EU_HOSTS);
  } catch {
    isEu = false;
  }
  const real = isEu ? 'https://api.eu.lever.co' : 'https://api.lever.co';
  return `${apiOrigin(ctx, real)}/v0/postings/${encodeURIComponent(site)}`;
}

export const lever: JobSource = {
  kind: 'lever',

  matches: (url) => leverSiteOf(url) !== null,

  async scrape(ctx) {
    const site = requireBoard(ctx, leverSiteOf, 'https://jobs.lever.co/<site>');
    // No skip/limit: Lever answers the whole board in one array by default.
    const url = `${postingsUrl(ctx, site)}?mode=json`;
    const ref: BoardRef = { kind: 'lever', company: ctx.company.name, board: site, url };
    return scrapeSinglePayload(ctx, url, (body) => parseLeverPostings(body, ref));
  },

  async fetchDescription(listing, ctx) {
    const url = `${postingsUrl(ctx, listing.board)}/${encodeURIComponent(listing.jobId)}`;
    const html = leverDescriptionHtml(await readDetail(ctx, listing, url, LeverPosting));
    return html ? { format: 'html', content: html } : null;
  },
};

import { apiOrigin, pathSegments, requireBoard } from '../shared/board-url.js';
import { readPaged } from '../shared/paged.js';
import type { BoardRef } from '../shared/records.js';
import { boardResult, readBoardPage, readDetail } from '../shared/request.js';
import type { JobListing, JobSource, ScrapeContext } from '../types.js';
import { parseWorkdayPage, parseWorkdayPostings, type WorkdaySite } from './parse.js';
import { WorkdayJobDetail } from './schema.js';

/** The CXS API refuses a limit above 20 with HTTP 400. */
const PAGE_SIZE = 20;
const HOST = /^([a-z0-9-]+)\.wd\d+\.myworkdayjobs\.com$/i;
const LOCALE = /^[a-z]{2,3}-[a-z]{2,4}$/i;

/** <tenant>.wd<N>.myworkdayjobs.com/[<locale>/]<site>[/...], or the CXS API URL itself. */
export function workdaySiteOf(url: URL): WorkdaySite | null {
  const host = HOST.exec(url.hostname);
  if (!host?.[1]) return null;
  const segments = pathSegments(url);
  const siteOrigin = `https://${url.hostname.toLowerCase()}`;
  if (segments[0] === 'wday' && segments[1] === 'cxs' && segments[2] && segments[3]) {
    return { siteOrigin, tenant: segments[2], site: segments[3] };
  }
  const site = segments[0] && LOCALE.test(segments[0]) ? segments[1] : segments[0];
  return site ? { siteOrigin, tenant: host[1].toLowerCase(), site } : null;
}

function cxsBase(ctx: ScrapeContext, site: WorkdaySite): string {
  return `${apiOrigin(ctx, site.siteOrigin)}/wday/cxs/${encodeURIComponent(site.tenant)}/${encodeURIComponent(site.site)}`;
}

/** The externalPath of a listing: its URL's path from `/job/` on. */
function externalPathOf(listing: JobListing): string | null {
  const path = new URL(listing.url).pathname;
  const at = path.indexOf('/job/');
  return at >= 0 ? path.slice(at) : null;
}

export const workday: JobSource = {
  kind: 'workday',

  matches: (url) => workdaySiteOf(url) !== null,

  async scrape(ctx) {
    const site = requireBoard(ctx, workdaySiteOf, 'https://<tenant>.wd<N>.myworkdayjobs.com/<site>');
    const url = `${cxsBase(ctx, site)}/jobs`;
    const ref: BoardRef = {
      kind: 'workday',
      company: ctx.company.name,
      board: `${site.tenant}/${site.site}`,
      url,
    };
    const { parsed, contentHash } = await readPaged(ctx, {
      pageSize: PAGE_SIZE,
      async fetchPage(offset) {
        const json = { appliedFacets: {}, limit: PAGE_SIZE, offset, searchText: '' };
        const { body, bytes } = await readBoardPage(ctx, url, { json });
        const page = parseWorkdayPage(body, { ...ref, url: `${url} (offset ${offset})` });
        return { items: page.jobPostings, bytes, total: page.total ?? null };
      },
      keyOf: (item) =>
        typeof item === 'object' &&
        item !== null &&
        'externalPath' in item &&
        typeof item.externalPath === 'string'
          ? item.externalPath
          : null,
      // Posting pages live on the same host as the API, so an api_base (a proxy, the
      // simulator) serves them too.
      parse: (items) =>
        parseWorkdayPostings(items, { ...site, siteOrigin: apiOrigin(ctx, site.siteOrigin) }, ref),
    });
    return boardResult(ctx, parsed, contentHash);
  },

  async fetchDescription(listing, ctx) {
    const [tenant, siteName] = listing.board.split('/');
    const externalPath = externalPathOf(listing);
    if (!tenant || !siteName || !externalPath) return null;
    const site: WorkdaySite = { siteOrigin: new URL(listing.url).origin, tenant, site: siteName };
    const url = `${cxsBase(ctx, site)}${externalPath}`;
    const detail = await readDetail(ctx, listing, url, WorkdayJobDetail);
    const html = detail.jobPostingInfo.jobDescription;
    return html ? { format: 'html', content: html } : null;
  },
};

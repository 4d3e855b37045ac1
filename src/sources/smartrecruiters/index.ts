import { apiOrigin, firstSegmentOn, requireBoard } from '../shared/board-url.js';
import { htmlToText } from '../shared/html-text.js';
import { readPaged } from '../shared/paged.js';
import { type BoardRef, parseEnvelope } from '../shared/records.js';
import { boardResult, readBoardPage, readDetail } from '../shared/request.js';
import type { JobSource, ScrapeContext } from '../types.js';
import {
  parseSmartRecruitersPage,
  parseSmartRecruitersPostings,
  smartRecruitersDescriptionHtml,
} from './parse.js';
import { SmartRecruitersPostingDetail } from './schema.js';

/** The API's largest page. */
const PAGE_SIZE = 100;
const EXPECTED = 'https://jobs.smartrecruiters.com/<company>';

/** The company identifier of a hosted SmartRecruiters board. */
export function smartRecruitersCompanyOf(url: URL): string | null {
  return firstSegmentOn(url, ['jobs.smartrecruiters.com', 'careers.smartrecruiters.com']);
}

function postingsUrl(ctx: ScrapeContext, company: string): string {
  return `${apiOrigin(ctx, 'https://api.smartrecruiters.com')}/v1/companies/${encodeURIComponent(company)}/postings`;
}

export const smartrecruiters: JobSource = {
  kind: 'smartrecruiters',

  matches: (url) => smartRecruitersCompanyOf(url) !== null,

  async scrape(ctx) {
    const company = requireBoard(ctx, smartRecruitersCompanyOf, EXPECTED);
    const base = postingsUrl(ctx, company);
    const ref: BoardRef = { kind: 'smartrecruiters', company: ctx.company.name, board: company, url: base };
    const { parsed, contentHash } = await readPaged(ctx, {
      pageSize: PAGE_SIZE,
      async fetchPage(offset) {
        const url = `${base}?limit=${PAGE_SIZE}&offset=${offset}`;
        const { body, bytes } = await readBoardPage(ctx, url);
        const page = parseSmartRecruitersPage(body, { ...ref, url });
        return { items: page.content, bytes, total: page.totalFound };
      },
      keyOf: (item) =>
        typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string'
          ? item.id
          : null,
      parse: (items) => parseSmartRecruitersPostings(items, ref),
    });
    if (parsed.listings.length === 0 && parsed.skipped === 0) {
      // The API answers an unknown company exactly like a company with no openings.
      parsed.warnings.push(
        `no postings for company "${company}"; if the company does have openings, check the identifier in ${EXPECTED}`,
      );
    }
    return boardResult(ctx, parsed, contentHash);
  },

  async fetchDescription(listing, ctx) {
    const url = `${postingsUrl(ctx, listing.board)}/${encodeURIComponent(listing.jobId)}`;
    const html = smartRecruitersDescriptionHtml(
      await readDetail(ctx, listing, url, SmartRecruitersPostingDetail),
    );
    return html ? { format: 'html', content: html } : null;
  },

  /** The companyDescription section of the first posting's detail: two small requests. */
  async about(ctx) {
    const company = requireBoard(ctx, smartRecruitersCompanyOf, EXPECTED);
    const listUrl = `${postingsUrl(ctx, company)}?limit=1&offset=0`;
    const ref: BoardRef = {
      kind: 'smartrecruiters',
      company: ctx.company.name,
      board: company,
      url: listUrl,
    };
    const first = parseSmartRecruitersPage((await readBoardPage(ctx, listUrl)).body, ref).content[0];
    const id = typeof first === 'object' && first !== null && 'id' in first ? first.id : null;
    if (typeof id !== 'string') return null;
    const url = `${postingsUrl(ctx, company)}/${encodeURIComponent(id)}`;
    const detail = parseEnvelope(SmartRecruitersPostingDetail, (await readBoardPage(ctx, url)).body, {
      ...ref,
      url,
    });
    const text = detail.jobAd.sections.companyDescription?.text;
    return text ? (await htmlToText(text)) || null : null;
  },
};

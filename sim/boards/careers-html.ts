import { escapeAttribute, escapeText } from 'entities';
import type { SimBoard, SimContext, SimJob, SimRoute } from '../types.js';
import { html } from '../types.js';
import { careersPage, careersRoute, intParam, PER_PAGE, pageOf, postingUrl } from './careers-layout.js';
import { postingPath } from './postings.js';

/**
 * GET /careers/:slug/html?page=N[&per_page=M][&loop=1] - a server-rendered careers page, paged,
 * with the markup of a real CMS theme: nested wrappers, BEM classes, icons, an "Apply" button
 * beside each title, and a pagination bar whose "Next" link is relative (`?page=2`). Job links
 * come in the three forms real pages mix: root-relative, relative to the page, and absolute.
 * `loop=1` makes the last page's "Next" point back to page 1, as boards that wrap around do.
 *
 * Selectors that read it: item `.job-row`, title `.job-row__title`, link `.job-row__title a`,
 * location `.job-row__location`, department `.job-row__department`,
 * next_page `.pagination a[rel="next"]`.
 *
 * GET /careers/:slug/about - the company's "About us" page (board.about under the site chrome),
 * the page a `tailor --company-url` reads for its research.
 */

/** The href a job's row links to: each form real pages use, in turn. */
function jobHref(ctx: SimContext, board: SimBoard, job: SimJob, index: number): string {
  const path = postingPath(board.slug, job.id);
  if (index % 3 === 0) return path;
  // The page lives at /careers/<slug>/html, so ../../ climbs back to the root.
  if (index % 3 === 1) return `../..${path}`;
  return postingUrl(ctx, board, job);
}

function row(ctx: SimContext, board: SimBoard, job: SimJob, index: number): string {
  const href = escapeAttribute(jobHref(ctx, board, job, index));
  return `          <div class="job-row" data-department="${escapeAttribute(job.department)}">
            <div class="job-row__main">
              <h3 class="job-row__title"><a href="${href}">
                ${escapeText(job.title)}
              </a></h3>
              <div class="job-row__meta">
                <span class="job-row__location"><i class="icon icon--pin" aria-hidden="true"></i> ${escapeText(job.locations.join(' / '))}</span>
                <span class="job-row__department">${escapeText(job.department)}</span>
                <span class="job-row__type">${escapeText(job.employmentType)}</span>
              </div>
            </div>
            <div class="job-row__cta"><a class="btn btn--outline" href="${href}">Apply</a></div>
          </div>`;
}

function pageHref(page: number, perPage: number, loop: boolean): string {
  const params = new URLSearchParams({ page: String(page) });
  if (perPage !== PER_PAGE) params.set('per_page', String(perPage));
  if (loop) params.set('loop', '1');
  return `?${params}`;
}

function pagination(page: number, pages: number, perPage: number, loop: boolean): string {
  const prev =
    page > 1
      ? `<a class="pagination__prev" rel="prev" href="${escapeAttribute(pageHref(page - 1, perPage, loop))}">&laquo; Previous</a>`
      : '<span class="pagination__prev pagination__prev--disabled">&laquo; Previous</span>';
  const nextPage = page < pages ? page + 1 : loop ? 1 : null;
  const next =
    nextPage === null
      ? '<span class="pagination__next pagination__next--disabled">Next &raquo;</span>'
      : `<a class="pagination__next" rel="next" href="${escapeAttribute(pageHref(nextPage, perPage, loop))}">Next &raquo;</a>`;
  return `        <nav class="pagination" aria-label="Pages">
          ${prev}
          <span class="pagination__status">Page ${page} of ${pages}</span>
          ${next}
        </nav>`;
}

export const routes: SimRoute[] = [
  careersRoute('html', 'html', (board, req, ctx) => {
    const perPage = intParam(req, 'per_page', PER_PAGE);
    const loop = req.url.searchParams.get('loop') === '1';
    const { pages } = pageOf(board.jobs, 1, perPage);
    const page = Math.min(intParam(req, 'page', 1), pages);
    const { items } = pageOf(board.jobs, page, perPage);
    const offset = (page - 1) * perPage;
    const main = `        <section class="jobs-section">
        <div class="jobs-section__header"><h2>Open positions</h2><span class="jobs-section__count">${board.jobs.length} jobs</span></div>
        <div class="jobs-list">
${items.map((job, i) => row(ctx, board, job, offset + i)).join('\n')}
        </div>
${pagination(page, pages, perPage, loop)}
      </section>`;
    return html(200, careersPage({ board, ctx, title: `Join ${board.companyName}`, main }));
  }),
  careersRoute('html', 'about', (board, _req, ctx) => {
    const paragraphs = board.about.split(/\n\s*\n/).map((p) => `<p>${escapeText(p.trim())}</p>`);
    const main = `        <article class="about"><h2>Who we are</h2>\n${paragraphs.join('\n')}\n        </article>`;
    return html(200, careersPage({ board, ctx, title: `About ${board.companyName}`, main }));
  }),
];

import { escapeAttribute } from 'entities';
import type { SimRoute } from '../types.js';
import { html, json } from '../types.js';
import { careersPage, careersRoute, intParam, PER_PAGE, pageOf, postingUrl } from './careers-layout.js';

/**
 * A careers page rendered in the browser, as single-page apps do:
 * - GET /careers/:slug/app[?mode=more|pages][&delay=ms][&per_page=N] - the HTML shell. It holds no
 *   jobs; its script fetches the API and renders job cards after `delay` ms (default 150). In
 *   `more` mode (default) a "Load more jobs" button appends the next page until all are shown and
 *   then disappears; in `pages` mode "Previous"/"Next" buttons replace the list, and "Next" is
 *   disabled on the last page.
 * - GET /careers/:slug/app/api?page=N[&per_page=M] - JSON `{page, pages, total, jobs: [...]}`.
 *
 * Selectors that read it: item `.job-card`, title `.job-card__title`, link `a.job-card__link`,
 * location `.job-card__location`, department `.job-card__team`, load_more `button.load-more`,
 * next_page `button.pager__next`.
 */

const DEFAULT_DELAY_MS = 150;

/** Plain ES5 so it runs in any browser; reads its settings from the root element's data. */
const APP_SCRIPT = `(function () {
  var root = document.getElementById('jobs-app');
  var api = root.getAttribute('data-api');
  var mode = root.getAttribute('data-mode');
  var delay = Number(root.getAttribute('data-delay'));
  var perPage = root.getAttribute('data-per-page');
  var loading = root.querySelector('.jobs-app__loading');
  var list = document.createElement('ul');
  list.className = 'job-cards';
  root.appendChild(list);
  var page = 0;
  var pages = 1;
  var more, prev, next, status;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function card(job) {
    var item = el('li', 'job-card');
    item.setAttribute('data-job-id', job.id);
    var link = el('a', 'job-card__link');
    link.href = job.url;
    link.appendChild(el('span', 'job-card__title', job.title));
    item.appendChild(link);
    var details = el('div', 'job-card__details');
    details.appendChild(el('span', 'job-card__location', job.location));
    details.appendChild(el('span', 'job-card__team', job.department));
    item.appendChild(details);
    return item;
  }
  function busy(on) {
    [more, prev, next].forEach(function (b) { if (b) b.disabled = on; });
  }
  function update() {
    if (loading) { loading.remove(); loading = null; }
    if (more) { more.hidden = page >= pages; more.disabled = false; }
    if (next) { next.disabled = page >= pages; prev.disabled = page <= 1; status.textContent = 'Page ' + page + ' of ' + pages; }
  }
  function load(wanted, replace) {
    busy(true);
    fetch(api + '?page=' + wanted + '&per_page=' + perPage, { headers: { accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        setTimeout(function () {
          if (replace) list.innerHTML = '';
          data.jobs.forEach(function (job) { list.appendChild(card(job)); });
          page = data.page;
          pages = data.pages;
          update();
        }, delay);
      })
      .catch(function () { root.appendChild(el('p', 'jobs-app__error', 'Could not load jobs.')); });
  }

  if (mode === 'pages') {
    var pager = el('nav', 'pager');
    prev = el('button', 'pager__prev', 'Previous');
    status = el('span', 'pager__status', '');
    next = el('button', 'pager__next', 'Next');
    [prev, next].forEach(function (b) { b.type = 'button'; b.disabled = true; });
    pager.appendChild(prev); pager.appendChild(status); pager.appendChild(next);
    root.appendChild(pager);
    prev.addEventListener('click', function () { load(page - 1, true); });
    next.addEventListener('click', function () { load(page + 1, true); });
  } else {
    more = el('button', 'btn load-more', 'Load more jobs');
    more.type = 'button';
    more.hidden = true;
    root.appendChild(more);
    more.addEventListener('click', function () { load(page + 1, false); });
  }
  load(1, false);
})();`;

export const routes: SimRoute[] = [
  careersRoute('browser', 'app', (board, req, ctx) => {
    const mode = req.url.searchParams.get('mode') === 'pages' ? 'pages' : 'more';
    const delayMs = intParam(req, 'delay', DEFAULT_DELAY_MS);
    const perPage = intParam(req, 'per_page', PER_PAGE);
    const api = `${req.url.pathname.replace(/\/$/, '')}/api`;
    const main = `        <div id="jobs-app" class="jobs-app" data-api="${escapeAttribute(api)}" data-mode="${mode}" data-delay="${delayMs}" data-per-page="${perPage}">
        <p class="jobs-app__loading">Loading open positions&hellip;</p>
      </div>
      <noscript>Please enable JavaScript to see our open positions.</noscript>`;
    const tail = `<script>\n${APP_SCRIPT}\n</script>`;
    return html(200, careersPage({ board, ctx, title: `Careers at ${board.companyName}`, main, tail }));
  }),
  careersRoute(
    'browser',
    'app/api',
    (board, req, ctx) => {
      const perPage = intParam(req, 'per_page', PER_PAGE);
      const page = intParam(req, 'page', 1);
      const { items, pages } = pageOf(board.jobs, page, perPage);
      return json(200, {
        page,
        pages,
        total: board.jobs.length,
        jobs: items.map((job) => ({
          id: job.id,
          title: job.title,
          location: job.locations.join(' / '),
          department: job.department,
          url: postingUrl(ctx, board, job),
        })),
      });
    },
    () => json(404, { error: 'board not found' }),
  ),
];

import type { Selectors } from '../src/config/schema.js';

/**
 * The CSS selectors that read the simulator's careers pages (careers-html.ts, careers-app.ts):
 * what a user would write in `companies[].selectors` for such a site. The demo and the benchmarks
 * share them; the source tests state them on their own, as a user would.
 */
export const CAREERS_HTML_SELECTORS: Selectors = {
  item: '.job-row',
  title: '.job-row__title',
  link: '.job-row__title a',
  location: '.job-row__location',
  department: '.job-row__department',
  next_page: '.pagination a[rel="next"]',
};

export const CAREERS_APP_SELECTORS: Selectors = {
  item: '.job-card',
  title: '.job-card__title',
  link: 'a.job-card__link',
  location: '.job-card__location',
  department: '.job-card__team',
  load_more: 'button.load-more',
};

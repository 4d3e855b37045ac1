import { routes as ashbyRoutes } from './boards/ashby.js';
import { routes as careersAppRoutes } from './boards/careers-app.js';
import { routes as careersHtmlRoutes } from './boards/careers-html.js';
import { routes as careersJsonLdRoutes } from './boards/careers-jsonld.js';
import { routes as greenhouseRoutes } from './boards/greenhouse.js';
import { routes as leverRoutes } from './boards/lever.js';
import { routes as postingRoutes } from './boards/postings.js';
import { routes as smartRecruitersRoutes } from './boards/smartrecruiters.js';
import { routes as workdayRoutes } from './boards/workday.js';
import type { SimRoute } from './types.js';

/**
 * Every kind's routes, in one list. Adding a kind to the simulator means one module in
 * sim/boards/ and one line here.
 */
export const ALL_ROUTES: SimRoute[] = [
  ...careersJsonLdRoutes,
  ...careersHtmlRoutes,
  ...careersAppRoutes,
  ...postingRoutes,
  ...greenhouseRoutes,
  ...leverRoutes,
  ...ashbyRoutes,
  ...smartRecruitersRoutes,
  // Last: its posting-page redirect (/<site>/job/...) is the broadest pattern.
  ...workdayRoutes,
];

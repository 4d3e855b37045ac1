import { routes as careersAppRoutes } from './boards/careers-app.js';
import { routes as careersHtmlRoutes } from './boards/careers-html.js';
import { routes as careersJsonLdRoutes } from './boards/careers-jsonld.js';
import { routes as postingRoutes } from './boards/postings.js';
import type { SimRoute } from './types.js';

/**
 * Every kind's routes, in one list. Adding a kind to the simulator means one module in
 * src/simulator/boards/ and one line here.
 */
export const ALL_ROUTES: SimRoute[] = [
  ...careersJsonLdRoutes,
  ...careersHtmlRoutes,
  ...careersAppRoutes,
  ...postingRoutes,
];

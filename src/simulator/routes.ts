import { routes as postingRoutes } from './boards/postings.js';
import type { SimRoute } from './types.js';

/**
 * Every kind's routes, in one list. Adding a kind to the simulator means one module in
 * src/simulator/boards/ and one line here.
 */
export const ALL_ROUTES: SimRoute[] = [...postingRoutes];

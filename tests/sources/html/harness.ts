import type { StageDeps } from '../../../src/app/context.js';
import { type CompanyConfig, SourceOptions } from '../../../src/config/schema.js';
import type { ScrapeContext } from '../../../src/sources/types.js';

/** A ScrapeContext for one company of a page kind, with the kind's options defaulted. */
export function scrapeContext(
  deps: StageDeps,
  company: CompanyConfig,
  options: Partial<SourceOptions> = {},
  previous?: ScrapeContext['previous'],
): ScrapeContext {
  return { company, options: SourceOptions.parse(options), deps, ...(previous ? { previous } : {}) };
}

/** Catches what `run` throws, so a test can assert on the error itself. */
export async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

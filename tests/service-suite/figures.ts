import { appendFileSync } from 'node:fs';

/**
 * The service suite (issue 19): every row of `npm run bench -- --faults --service` is one test
 * in tests/service-suite/. A test asserts the property; the figures it measured on the way (p99,
 * items retried, files checked) are for the table's readers, so they go to the JSON-lines file
 * named by $JOB_MATCHER_FIGURES when the bench sets it, and nowhere otherwise.
 */
export interface FigureLine {
  /** The test's full name, as vitest reports it (describe > test). */
  test: string;
  figures: Record<string, number | string>;
}

export const FIGURES_ENV = 'JOB_MATCHER_FIGURES';

/** Appends one line synchronously: a test killed right after still leaves what it measured. */
export function recordFigures(test: string, figures: Record<string, number | string>): void {
  const file = process.env[FIGURES_ENV];
  if (!file) return;
  const line: FigureLine = { test, figures };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

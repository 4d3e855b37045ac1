import { describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES, badInput } from './scenarios/bad-input.js';

describe('e2e: bad input', () => {
  it('each malformed config, resume, state or output folder gives its clear error and exit 2 before any scraping', async () => {
    const rows = await badInput();
    expect(rows.map((r) => [r.scenario, r.exitCode, r.problems])).toEqual(
      BAD_INPUT_CASES.map((c) => [`bad input: ${c.name}`, 2, []]),
    );
    expect(rows.length).toBeGreaterThanOrEqual(18);
  }, 600_000);
});
